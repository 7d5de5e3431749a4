package dev.reel.engine.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveFixtureTest {
  @TempDir Path dir;

  @Test
  void hasTheInternetArchiveShape() throws Exception {
    try (ArchiveFixture fx = ArchiveFixture.builder(dir).itemId("night_of_the_test").mirrors(3).build()) {
      Metainfo m = fx.metainfo();

      assertThat(m.name()).isEqualTo("night_of_the_test");
      assertThat(m.multiFile()).isTrue();
      assertThat(fx.torrentFile().getFileName()).hasToString("night_of_the_test_archive.torrent");
      assertThat(m.urlList()).hasSize(3).allSatisfy(u -> assertThat(u).endsWith("/"));
      assertThat(m.urlList().get(0)).endsWith("/download/");
      assertThat(m.urlList().get(1)).endsWith("/0/items/");
      List<FileEntry> pads = m.files().stream().filter(FileEntry::padding).toList();
      assertThat(pads).isNotEmpty().allSatisfy(p -> assertThat(p.path().get(0)).isEqualTo("._____padding_file"));
      // every real file starts on a piece boundary, and padding never ends the torrent
      assertThat(m.files().stream().filter(f -> !f.padding()))
          .allSatisfy(f -> assertThat(f.offset() % m.pieceLength()).isZero());
      assertThat(m.files().getLast().padding()).isFalse();
      assertThat(m.files()).extracting(FileEntry::displayPath)
          .contains("Intro – Café (1080p) [en].srt", "night_of_the_test.thumbs/night_of_the_test_000001.jpg",
              "night_of_the_test_meta.xml", "night_of_the_test.mp4");
      assertThat(Files.exists(fx.itemDir().resolve("._____padding_file"))).isFalse();
      assertThat(Magnet.parse(fx.magnet()).webSeeds()).isEqualTo(m.urlList());
      if (Tools.findExecutable("ffmpeg") != null) {
        assertThat(fx.realVideo()).isTrue();
        assertThat(new String(Files.readAllBytes(fx.videoFile()), 4, 4, java.nio.charset.StandardCharsets.US_ASCII))
            .isEqualTo("ftyp");
      }
    }
  }

  @Test
  void everyMirrorServesTheItemAtBasePlusIdPlusPathWithRanges() throws Exception {
    try (ArchiveFixture fx = ArchiveFixture.builder(dir).build();
        HttpClient http = HttpClient.newHttpClient()) {
      byte[] srt = Files.readAllBytes(fx.itemDir().resolve("Intro – Café (1080p) [en].srt"));
      for (String base : fx.urlList()) {
        URI uri = URI.create(base + fx.itemId() + "/Intro%20%E2%80%93%20Caf%C3%A9%20%281080p%29%20%5Ben%5D.srt");

        HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(uri).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(uri).header("Range", "bytes=2-9").build(),
            HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> tail = http.send(HttpRequest.newBuilder(uri).header("Range", "bytes=-3").build(),
            HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> past = http.send(HttpRequest.newBuilder(uri).header("Range", "bytes=9999-").build(),
            HttpResponse.BodyHandlers.ofByteArray());

        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(srt);
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 2-9/" + srt.length);
        assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(srt, 2, 10));
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(srt, srt.length - 3, srt.length));
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).contains("bytes */" + srt.length);
      }
      assertThat(fx.servers()).allSatisfy(s -> assertThat(s.requests()).isEqualTo(4));
    }
  }
}
