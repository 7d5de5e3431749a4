package dev.reel.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reel.app.catalog.FixtureServer;
import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.testkit.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/transfers} over a real SQLite library and a loopback swarm (a second Reel engine seeds): downloads to
 * keep, pause and resume, file selection, removal with and without the files, a restart in the middle, and turning
 * what plays into a download.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ApiTransfersTest {
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path tmp;
  private FixtureServer fixtures;
  private Path downloads;

  @BeforeEach
  void start() {
    fixtures = Fixtures.providers();
    downloads = tmp.resolve("downloads");
  }

  @AfterEach
  void stop() {
    fixtures.close();
  }

  private ApiClient client(ReelServer reel) {
    ApiClient api = new ApiClient(reel.uri());
    assertThat(api.call("PUT", "/api/settings", Map.of("downloadFolder", downloads.toString())).status())
        .isEqualTo(200);
    return api;
  }

  private static JsonNode transfer(ApiClient api, Metainfo meta) {
    return api.get("/api/transfers/" + meta.infoHash().hex());
  }

  private static void awaitComplete(ApiClient api, Metainfo meta) {
    Poll.until(WAIT, "the download completes", () -> transfer(api, meta).toString(),
        () -> transfer(api, meta).path("state").asText().equals("seeding"));
  }

  private static int indexOf(Metainfo meta, String name) {
    return meta.files().stream().filter(f -> f.path().get(f.path().size() - 1).equals(name))
        .mapToInt(FileEntry::index).findFirst().orElseThrow();
  }

  @Test
  void aDownloadCompletesByteExactInTheDownloadFolderAndKeepsSeeding() throws Exception {
    try (Seeder seeder = new Seeder(tmp.resolve("seeder"), 0);
        ReelServer reel = ReelServer.start(Fixtures.config(tmp.resolve("reel"), fixtures), "test")) {
      Map<String, Long> files = new LinkedHashMap<>();
      files.put("film.mp4", 900_000L);
      files.put("notes.txt", 40_000L);
      Metainfo meta = seeder.seedFolder("pack", files);
      ApiClient api = client(reel);
      ApiClient.Answer added = api.call("POST", "/api/transfers", Map.of("magnet", seeder.magnet(meta)));
      assertThat(added.status()).as("%s", added.json()).isEqualTo(201);
      assertThat(added.json().path("infoHash").asText()).isEqualTo(meta.infoHash().hex());
      assertThat(added.json().path("transfer").asBoolean()).isTrue();
      awaitComplete(api, meta);

      for (String name : files.keySet()) {
        assertThat(Files.readAllBytes(downloads.resolve("pack").resolve(name)))
            .as(name).isEqualTo(seeder.bytes("pack/" + name));
      }
      JsonNode t = transfer(api, meta);
      assertThat(t.path("name").asText()).isEqualTo("pack");
      assertThat(t.path("progress").asDouble()).isEqualTo(1.0);
      assertThat(t.path("sizeBytes").asLong()).isEqualTo(940_000L);
      assertThat(t.path("savePath").asText()).isEqualTo(downloads.toString());
      assertThat(t.path("etaSeconds").asLong()).isZero();
      assertThat(t.path("sessions")).isEmpty();
      assertThat(t.path("files")).hasSize(2);
      assertThat(t.path("files").get(indexOf(meta, "film.mp4")).path("video").asBoolean()).isTrue();
      assertThat(t.path("files").get(0).path("priority").asText()).isEqualTo("normal");
      // it stays in the engine, connected: seeding
      assertThat(seeder.peersOf(meta)).isEqualTo(1);
      JsonNode list = api.get("/api/transfers").path("transfers");
      assertThat(list).hasSize(1);
      assertThat(list.get(0).path("state").asText()).isEqualTo("seeding");
      // adding it again answers the same transfer
      ApiClient.Answer again = api.call("POST", "/api/transfers", Map.of("url", seeder.magnet(meta)));
      assertThat(again.status()).isEqualTo(200);
      assertThat(api.get("/api/transfers").path("transfers")).hasSize(1);
    }
  }

  @Test
  void aStreamFromTheStreamsListDownloadsWholeFromTheDetailsPage() throws Exception {
    try (Seeder seeder = new Seeder(tmp.resolve("seeder"), 0);
        ReelServer reel = ReelServer.start(Fixtures.config(tmp.resolve("reel"), fixtures), "test")) {
      Map<String, Long> files = new LinkedHashMap<>();
      files.put("movie.mp4", 500_000L);
      files.put("movie.en.srt", 3_000L);
      Metainfo meta = seeder.seedFolder("feature", files);
      ApiClient api = client(reel);
      assertThat(api.send("POST", "/api/torrents", meta.toTorrentBytes(), "application/x-bittorrent", true)
          .status()).isEqualTo(201);
      JsonNode stream = api.get("/api/streams/movie/reel-mine:" + meta.infoHash().hex() + "?scrape=false")
          .path("streams").get(0).path("stream");
      ApiClient.Answer added = api.call("POST", "/api/transfers", Map.of("stream", stream, "provider", "reel.mine"));
      assertThat(added.status()).as("%s", added.json()).isEqualTo(201);
      assertThat(added.json().path("totalBytes").asLong()).isEqualTo(503_000L); // the provider's .torrent: no wait
      reel.engine().get(meta.infoHash()).orElseThrow().addPeer(seeder.address());
      awaitComplete(api, meta);
      for (String name : files.keySet()) {
        assertThat(Files.readAllBytes(downloads.resolve("feature").resolve(name)))
            .as(name).isEqualTo(seeder.bytes("feature/" + name));
      }
    }
  }

  @Test
  void pausingStopsTheTrafficAndResumingCompletes() throws Exception {
    try (Seeder seeder = new Seeder(tmp.resolve("seeder"), 256 * 1024);
        ReelServer reel = ReelServer.start(Fixtures.config(tmp.resolve("reel"), fixtures), "test")) {
      Metainfo meta = seeder.seed("slow.mkv", 3_000_000, 21);
      ApiClient api = client(reel);
      assertThat(api.call("POST", "/api/transfers", Map.of("magnet", seeder.magnet(meta))).status()).isEqualTo(201);
      Poll.until(WAIT, "some data arrives", () -> transfer(api, meta).path("verifiedBytes").asLong() > 0);
      String hash = meta.infoHash().hex();

      ApiClient.Answer paused = api.call("POST", "/api/transfers/" + hash + "/pause", null);
      assertThat(paused.status()).as("%s", paused.json()).isEqualTo(200);
      assertThat(paused.json().path("state").asText()).isEqualTo("paused");
      Poll.until(WAIT, "the seeder sees the peer go", () -> seeder.peersOf(meta) == 0);
      long downloaded = transfer(api, meta).path("downloadedBytes").asLong();
      JsonNode still = transfer(api, meta);
      assertThat(still.path("state").asText()).isEqualTo("paused");
      assertThat(still.path("peers").asInt()).isZero();
      assertThat(still.path("downloadedBytes").asLong()).isEqualTo(downloaded);
      assertThat(still.path("progress").asDouble()).isLessThan(1.0);

      ApiClient.Answer resumed = api.call("POST", "/api/transfers/" + hash + "/resume", null);
      assertThat(resumed.status()).isEqualTo(200);
      assertThat(resumed.json().path("state").asText()).isNotEqualTo("paused");
      awaitComplete(api, meta);
      assertThat(Files.readAllBytes(downloads.resolve("slow.mkv"))).isEqualTo(seeder.bytes("slow.mkv"));
    }
  }

  @Test
  void aFinishedDownloadStopsSeedingAtTheRatioSetting() throws Exception {
    try (ReelServer reel = ReelServer.start(Fixtures.config(tmp.resolve("reel"), fixtures), "test")) {
      ApiClient api = client(reel);
      assertThat(api.call("PUT", "/api/settings", Map.of("seedRatioPercent", 50)).status()).isEqualTo(200);
      Metainfo meta;
      try (Seeder seeder = new Seeder(tmp.resolve("seeder"), 0)) {
        meta = seeder.seed("shared.mp4", 800_000, 61);
        api.call("POST", "/api/transfers", Map.of("magnet", seeder.magnet(meta)));
        awaitComplete(api, meta);
      } // the seeder leaves: Reel is the only seed now
      assertThat(transfer(api, meta).path("state").asText()).isEqualTo("seeding");
      try (Seeder leecher = new Seeder(tmp.resolve("leecher"), 0)) {
        leecher.leech(meta, new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(),
            reel.engine().listenPort()));
        Poll.until(WAIT, "the transfer pauses at ratio 0.5", () -> transfer(api, meta).toString(),
            () -> transfer(api, meta).path("state").asText().equals("paused"));
        assertThat(transfer(api, meta).path("uploadedBytes").asLong()).isGreaterThanOrEqualTo(400_000L);
        Poll.until(WAIT, "the leecher loses its only peer", () -> leecher.peersOf(meta) == 0);
      }
    }
  }

  @Test
  void aFileSelectionDownloadsOnlyTheChosenFiles() throws Exception {
    try (Seeder seeder = new Seeder(tmp.resolve("seeder"), 0);
        ReelServer reel = ReelServer.start(Fixtures.config(tmp.resolve("reel"), fixtures), "test")) {
      Map<String, Long> files = new LinkedHashMap<>();
      files.put("a-extras.mkv", 600_000L);
      files.put("b-movie.mp4", 700_000L);
      files.put("c-sample.mp4", 500_000L);
      Metainfo meta = seeder.seedFolder("season", files);
      int movie = indexOf(meta, "b-movie.mp4");
      int sample = indexOf(meta, "c-sample.mp4");
      ApiClient api = client(reel);
      ApiClient.Answer added = api.send("POST", "/api/transfers?files=" + movie, meta.toTorrentBytes(),
          "application/x-bittorrent", true);
      assertThat(added.status()).as("%s", added.json()).isEqualTo(201);
      reel.engine().get(meta.infoHash()).orElseThrow().addPeer(seeder.address()); // the .torrent names no tracker
      Poll.until(WAIT, "the chosen file completes", () -> transfer(api, meta).path("state").asText().equals("seeding"));

      JsonNode t = transfer(api, meta);
      assertThat(t.path("sizeBytes").asLong()).isEqualTo(700_000L);
      assertThat(t.path("totalBytes").asLong()).isEqualTo(1_800_000L);
      Path root = downloads.resolve("season");
      assertThat(Files.readAllBytes(root.resolve("b-movie.mp4"))).isEqualTo(seeder.bytes("season/b-movie.mp4"));
      for (JsonNode f : t.path("files")) {
        if (f.path("index").asInt() != movie) {
          assertThat(f.path("priority").asText()).isEqualTo("skip");
          assertThat(f.path("progress").asDouble()).as(f.path("path").asText()).isLessThan(0.1);
        }
      }
      // asking for one more file downloads it too
      ApiClient.Answer more = api.call("PUT", "/api/transfers/" + meta.infoHash().hex() + "/files/" + sample,
          Map.of("priority", "high"));
      assertThat(more.status()).as("%s", more.json()).isEqualTo(200);
      Poll.until(WAIT, "the added file completes",
          () -> transfer(api, meta).path("files").get(sample).path("progress").asDouble() == 1.0);
      assertThat(Files.readAllBytes(root.resolve("c-sample.mp4"))).isEqualTo(seeder.bytes("season/c-sample.mp4"));
      assertThat(transfer(api, meta).path("files").get(sample).path("priority").asText()).isEqualTo("high");
      assertThat(transfer(api, meta).path("files").get(indexOf(meta, "a-extras.mkv")).path("progress").asDouble())
          .isLessThan(0.1);
    }
  }

  @Test
  void removingKeepsOrDeletesTheFiles() throws Exception {
    try (Seeder seeder = new Seeder(tmp.resolve("seeder"), 0);
        ReelServer reel = ReelServer.start(Fixtures.config(tmp.resolve("reel"), fixtures), "test")) {
      Metainfo kept = seeder.seed("kept.mp4", 400_000, 31);
      Metainfo gone = seeder.seed("gone.mp4", 400_000, 32);
      ApiClient api = client(reel);
      api.call("POST", "/api/transfers", Map.of("magnet", seeder.magnet(kept)));
      api.call("POST", "/api/transfers", Map.of("magnet", seeder.magnet(gone)));
      awaitComplete(api, kept);
      awaitComplete(api, gone);
      assertThat(api.get("/api/transfers").path("transfers")).hasSize(2);

      assertThat(api.call("DELETE", "/api/transfers/" + kept.infoHash().hex() + "?deleteFiles=false", null).status())
          .isEqualTo(204);
      assertThat(Files.readAllBytes(downloads.resolve("kept.mp4"))).isEqualTo(seeder.bytes("kept.mp4"));
      assertThat(api.call("GET", "/api/transfers/" + kept.infoHash().hex(), null).status()).isEqualTo(404);
      Poll.until(WAIT, "the seeder sees the peer go", () -> seeder.peersOf(kept) == 0);

      assertThat(api.call("DELETE", "/api/transfers/" + gone.infoHash().hex() + "?deleteFiles=true", null).status())
          .isEqualTo(204);
      assertThat(downloads.resolve("gone.mp4")).doesNotExist();
      assertThat(api.get("/api/transfers").path("transfers")).isEmpty();
      assertThat(api.call("DELETE", "/api/transfers/" + gone.infoHash().hex(), null).status()).isEqualTo(404);
    }
    // not re-added after a restart
    try (ReelServer again = ReelServer.start(Fixtures.config(tmp.resolve("reel"), fixtures), "test")) {
      assertThat(new ApiClient(again.uri()).get("/api/transfers").path("transfers")).isEmpty();
    }
  }

  @Test
  void transfersSurviveARestartAndCompleteWithoutDownloadingTwice() throws Exception {
    long size = 4_000_000;
    try (Seeder seeder = new Seeder(tmp.resolve("seeder"), 384 * 1024)) {
      Metainfo meta = seeder.seed("long.mkv", size, 41);
      Metainfo paused = seeder.seed("later.mp4", 300_000, 42);
      long verifiedBefore;
      try (ReelServer reel = ReelServer.start(Fixtures.config(tmp.resolve("reel"), fixtures), "test")) {
        ApiClient api = client(reel);
        assertThat(api.call("POST", "/api/transfers", Map.of("magnet", seeder.magnet(meta))).status())
            .isEqualTo(201);
        api.call("POST", "/api/transfers", Map.of("magnet", seeder.magnet(paused)));
        Poll.until(WAIT, "its metadata", () -> transfer(api, paused).path("totalBytes").asLong() > 0);
        api.call("POST", "/api/transfers/" + paused.infoHash().hex() + "/pause", null);
        Poll.until(WAIT, "a quarter arrives", () -> transfer(api, meta).path("verifiedBytes").asLong() >= size / 4);
        verifiedBefore = transfer(api, meta).path("verifiedBytes").asLong();
        assertThat(verifiedBefore).isLessThan(size);
      }
      try (ReelServer reel = ReelServer.start(Fixtures.config(tmp.resolve("reel"), fixtures), "test")) {
        ApiClient api = new ApiClient(reel.uri());
        JsonNode list = api.get("/api/transfers").path("transfers");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("transfer").asBoolean()).isTrue();
        assertThat(transfer(api, paused).path("state").asText()).isEqualTo("paused");
        awaitComplete(api, meta);
        assertThat(Files.readAllBytes(downloads.resolve("long.mkv"))).isEqualTo(seeder.bytes("long.mkv"));
        long downloadedAfter = transfer(api, meta).path("downloadedBytes").asLong();
        long slack = 24 * meta.pieceLength(); // pieces in flight when the server stopped, endgame duplicates
        assertThat(downloadedAfter).as("bytes downloaded after the restart")
            .isLessThanOrEqualTo(size - verifiedBefore + slack);
      }
    }
  }

  @Test
  void downloadingWhatPlaysMovesItsDataAndThePlayerGoesOn() throws Exception {
    try (Seeder seeder = new Seeder(tmp.resolve("seeder"), 0);
        ReelServer reel = ReelServer.start(Fixtures.config(tmp.resolve("reel"), fixtures), "test")) {
      Metainfo meta = seeder.seed("playing.mp4", 800_000, 51);
      ApiClient api = client(reel);
      JsonNode session = api.call("POST", "/api/play", Map.of("magnet", seeder.magnet(meta))).json();
      String id = session.path("id").asText();
      String url = session.path("streamUrl").asText();
      assertThat(api.bytes(url, null).body()).isEqualTo(seeder.bytes("playing.mp4"));
      JsonNode streamed = api.get("/api/transfers").path("transfers").get(0);
      assertThat(streamed.path("transfer").asBoolean()).isFalse();
      assertThat(streamed.path("sessions").get(0).asText()).isEqualTo(id);
      // a streamed torrent's files are the session's to choose
      assertThat(api.call("PUT", "/api/transfers/" + meta.infoHash().hex() + "/files/0", Map.of("priority", "skip"))
          .status()).isEqualTo(409);

      ApiClient.Answer dl = api.call("POST", "/api/sessions/" + id + "/download", null);
      assertThat(dl.status()).as("%s", dl.json()).isEqualTo(201);
      assertThat(dl.json().path("transfer").asBoolean()).isTrue();
      assertThat(Files.readAllBytes(downloads.resolve("playing.mp4"))).isEqualTo(seeder.bytes("playing.mp4"));
      assertThat(tmp.resolve("reel/cache/torrents").resolve(meta.infoHash().hex())).doesNotExist();
      awaitComplete(api, meta);
      assertThat(transfer(api, meta).path("downloadedBytes").asLong()).as("nothing downloaded twice").isZero();
      // the session goes on, now reading from the download folder
      assertThat(api.get("/api/sessions/" + id).path("progress").asDouble()).isEqualTo(1.0);
      assertThat(api.bytes(url, "bytes=100-199").body()).isEqualTo(java.util.Arrays.copyOfRange(
          seeder.bytes("playing.mp4"), 100, 200));
      assertThat(transfer(api, meta).path("sessions").get(0).asText()).isEqualTo(id);
      assertThat(api.get("/api/cache").path("usedBytes").asLong()).isZero();
      // ending the session leaves the transfer seeding
      assertThat(api.call("DELETE", "/api/sessions/" + id, null).status()).isEqualTo(204);
      assertThat(transfer(api, meta).path("state").asText()).isEqualTo("seeding");
      assertThat(downloads.resolve("playing.mp4")).exists();
    }
  }

  @Test
  void anUnfinishedPlayBecomesADownloadKeepingWhatItHad() throws Exception {
    long size = 3_000_000;
    try (Seeder seeder = new Seeder(tmp.resolve("seeder"), 256 * 1024);
        ReelServer reel = ReelServer.start(Fixtures.config(tmp.resolve("reel"), fixtures), "test")) {
      Metainfo meta = seeder.seed("half.mkv", size, 71);
      ApiClient api = client(reel);
      JsonNode session = api.call("POST", "/api/play", Map.of("magnet", seeder.magnet(meta))).json();
      String id = session.path("id").asText();
      assertThat(api.bytes(session.path("streamUrl").asText(), "bytes=0-16383").statusCode()).isEqualTo(206);
      Poll.until(WAIT, "a sixth arrives", () -> api.get("/api/sessions/" + id).path("verifiedBytes").asLong()
          >= size / 6);
      long had = api.get("/api/sessions/" + id).path("verifiedBytes").asLong();

      ApiClient.Answer dl = api.call("POST", "/api/sessions/" + id + "/download", Map.of());
      assertThat(dl.status()).as("%s", dl.json()).isEqualTo(201);
      awaitComplete(api, meta);
      assertThat(Files.readAllBytes(downloads.resolve("half.mkv"))).isEqualTo(seeder.bytes("half.mkv"));
      long slack = 24 * meta.pieceLength();
      assertThat(transfer(api, meta).path("downloadedBytes").asLong()).as("bytes downloaded after the hand-over")
          .isLessThanOrEqualTo(size - had + slack);
      assertThat(api.get("/api/sessions/" + id).path("progress").asDouble()).isEqualTo(1.0);
    }
  }

  @Test
  void stateChangesNeedTheTokenAndBadBodiesAre400() throws Exception {
    try (ReelServer reel = ReelServer.start(Fixtures.config(tmp.resolve("reel"), fixtures), "test")) {
      ApiClient api = client(reel);
      String hash = "0123456789abcdef0123456789abcdef01234567";
      String magnet = "magnet:?xt=urn:btih:" + hash + "&dn=Nobody";
      // one client for every refusal: the server reads a refused body, so the kept-alive connection stays usable
      ApiClient anon = new ApiClient(reel.uri());
      for (String[] call : List.of(new String[] {"POST", "/api/transfers"},
          new String[] {"POST", "/api/transfers/" + hash + "/pause"},
          new String[] {"POST", "/api/transfers/" + hash + "/resume"},
          new String[] {"PUT", "/api/transfers/" + hash + "/files/0"},
          new String[] {"DELETE", "/api/transfers/" + hash},
          new String[] {"POST", "/api/sessions/abc/download"})) {
        ApiClient.Answer a = anon.send(call[0], call[1],
            Map.of("magnet", magnet, "priority", "skip"), null, false);
        assertThat(a.status()).as("%s %s", call[0], call[1]).isEqualTo(403);
      }
      byte[] big = new byte[3 << 20];
      assertThat(anon.send("POST", "/api/transfers", big, "application/x-bittorrent", false).status())
          .as("a refused 3 MiB body still gets its answer").isEqualTo(403);
      assertThat(anon.send("GET", "/api/transfers", null, null, false).status()).isEqualTo(200);
      assertThat(api.get("/api/transfers").path("transfers")).isEmpty();
      assertThat(api.send("GET", "/api/transfers", null, null, false).status()).isEqualTo(200);

      List<Object> bad = List.of(Map.of(), Map.of("magnet", "magnet:?xt=urn:btih:nothex"),
          Map.of("infoHash", "xyz"), Map.of("magnet", magnet, "files", "0"),
          Map.of("magnet", magnet, "files", List.of()),
          Map.of("magnet", magnet, "files", List.of(-1)), Map.of("magnet", 7), "{not json");
      for (Object body : bad) {
        ApiClient.Answer a = api.call("POST", "/api/transfers", body);
        assertThat(a.status()).as("%s", body).isEqualTo(400);
        assertThat(a.errorCode()).isEqualTo("bad_request");
      }
      assertThat(api.send("POST", "/api/transfers", new byte[] {'d', 'e'}, "application/x-bittorrent", true)
          .status()).isEqualTo(400);
      assertThat(api.get("/api/transfers").path("transfers")).isEmpty();

      // a magnet nobody shares: listed, waiting for its metadata
      ApiClient.Answer added = api.call("POST", "/api/transfers", Map.of("magnet", magnet));
      assertThat(added.status()).isEqualTo(201);
      assertThat(added.json().path("state").asText()).isEqualTo("metadata");
      assertThat(api.call("PUT", "/api/transfers/" + hash + "/files/0", Map.of("priority", "urgent")).status())
          .isEqualTo(400);
      assertThat(api.call("PUT", "/api/transfers/" + hash + "/files/0", Map.of("priority", "skip")).status())
          .isEqualTo(409); // no file list yet
      assertThat(api.call("POST", "/api/transfers/" + "f".repeat(40) + "/pause", null).status()).isEqualTo(404);
      assertThat(api.call("POST", "/api/sessions/abc/download", null).status()).isEqualTo(404);
      assertThat(api.call("DELETE", "/api/transfers/" + hash + "?deleteFiles=maybe", null).status()).isEqualTo(400);
      assertThat(api.call("DELETE", "/api/transfers/" + hash, null).status()).isEqualTo(204);
      assertThat(api.get("/api/transfers").path("transfers")).isEmpty();
    }
  }
}
