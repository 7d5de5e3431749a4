package dev.reel.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.app.server.HttpServer;
import dev.reel.app.server.HttpServerConfig;
import dev.reel.app.stream.PlaylistEntry;
import dev.reel.app.stream.StreamRegistry;
import dev.reel.app.stream.StreamSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /vendor/*} and {@code /subtitles/*} on a real server. */
class WebRoutesTest {
  static final String HASH = "ab".repeat(20);
  static final byte[] SRT = "1\n00:00:01,000 --> 00:00:02,000\n<b>Hi</b>\n".getBytes(StandardCharsets.UTF_8);
  static HttpServer server;
  static final HttpClient client = HttpClient.newHttpClient();

  /** In-memory files of one torrent: 0 = SRT, 1 = a film, 2 = an oversized subtitle. */
  static final Map<Integer, StreamSource> FILES = Map.of(
      0, source("film.en.srt", SRT, SRT.length),
      1, source("film.mp4", new byte[10], 10),
      2, source("huge.srt", new byte[0], SubtitleHandler.MAX_BYTES + 1));

  @BeforeAll
  static void start() throws IOException {
    server = new HttpServer(HttpServerConfig.defaults());
    WebRoutes.install(server, new StreamRegistry() {
      @Override
      public Optional<StreamSource> find(String infoHashHex, int fileIndex) {
        return infoHashHex.equals(HASH) ? Optional.ofNullable(FILES.get(fileIndex)) : Optional.empty();
      }

      @Override
      public List<PlaylistEntry> playlist(String infoHashHex) {
        return List.of();
      }
    });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(server.baseUri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesPreactAndItsHooksWithARelativeImport() throws Exception {
    HttpResponse<String> preact = get("/vendor/preact.js");
    assertThat(preact.statusCode()).isEqualTo(200);
    assertThat(preact.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
    assertThat(preact.body()).contains("createElement");
    HttpResponse<String> hooks = get("/vendor/hooks.js");
    assertThat(hooks.statusCode()).isEqualTo(200);
    assertThat(hooks.body()).contains("from\"./preact.js\"").doesNotContain("from\"preact\"").contains("useState");
    assertThat(get("/vendor/compat.js").statusCode()).isEqualTo(404);
    assertThat(get("/vendor/%2e%2e/web/index.html").statusCode()).isIn(400, 404);
  }

  @Test
  void rewritesOnlyTheBareSpecifier() {
    assertThat(VendorFiles.rewriteImports("import{a}from\"preact\";import 'preact';x=\"preact\""))
        .isEqualTo("import{a}from\"./preact.js\";import \"./preact.js\";x=\"preact\"");
  }

  @Test
  void convertsASubtitleFileOfTheTorrentToTextOnlyWebVtt() throws Exception {
    HttpResponse<String> r = get("/subtitles/" + HASH + "/0.vtt");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("text/vtt; charset=utf-8");
    assertThat(r.body()).isEqualTo("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n");
  }

  @Test
  void refusesWhatIsNotASmallSubtitleOfAKnownTorrent() throws Exception {
    assertThat(get("/subtitles/" + HASH + "/1.vtt").statusCode()).as("a film").isEqualTo(415);
    assertThat(get("/subtitles/" + HASH + "/2.vtt").statusCode()).as("too large").isEqualTo(413);
    assertThat(get("/subtitles/" + HASH + "/9.vtt").statusCode()).as("no such file").isEqualTo(404);
    assertThat(get("/subtitles/" + "cd".repeat(20) + "/0.vtt").statusCode()).as("no such torrent").isEqualTo(404);
    assertThat(get("/subtitles/nothex/0.vtt").statusCode()).isEqualTo(404);
    HttpResponse<String> post = client.send(HttpRequest.newBuilder(server.baseUri().resolve("/subtitles/" + HASH + "/0.vtt"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  /** A file whose channel reads {@code data} (from a temporary file); {@code length} is what it claims. */
  static StreamSource source(String name, byte[] data, long length) {
    return new StreamSource() {
      @Override
      public String fileName() {
        return name;
      }

      @Override
      public long length() {
        return length;
      }

      @Override
      public SeekableByteChannel open() throws IOException {
        Path file = Files.createTempFile("web-routes-", "-" + name);
        file.toFile().deleteOnExit();
        Files.write(file, data);
        return Files.newByteChannel(file);
      }
    };
  }
}
