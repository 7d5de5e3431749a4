package dev.reel.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.app.library.Library;
import dev.reel.engine.testkit.Poll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code reel} with no command runs the server; {@code reel serve} prints its URL and stops on Ctrl-C. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServeCommandTest {
  private static final Pattern URL = Pattern.compile("Reel is running at (http://127\\.0\\.0\\.1:\\d+/)");

  @TempDir Path tmp;

  /** An XDG environment under tmp whose settings pick free ports; no display, so no browser. */
  private Map<String, String> env() {
    Path data = tmp.resolve("xdg-data");
    try (Library library = Library.open(data.resolve("reel"))) {
      library.settings().update(Map.of("httpPort", 0, "peerPort", 0));
    }
    return Map.of("XDG_DATA_HOME", data.toString(), "XDG_CACHE_HOME", tmp.resolve("xdg-cache").toString(),
        "HOME", tmp.toString());
  }

  @Test
  void noArgumentsRunsTheServerUntilCtrlC() throws Exception {
    ReelCommand reel = new ReelCommand();
    reel.env = env();
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cli = new picocli.CommandLine(reel);
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(new java.io.StringWriter(), true));
    var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> cli.execute(),
        r -> Thread.ofPlatform().daemon().start(r));
    try {
      Poll.until(Duration.ofSeconds(60), "the URL is printed", () -> URL.matcher(out.toString()).find());
      Matcher m = URL.matcher(out.toString());
      assertThat(m.find()).isTrue();
      HttpResponse<String> info = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(m.group(1) + "api/info")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(info.statusCode()).isEqualTo(200);
      assertThat(info.body()).contains("\"lan\":false");
      assertThat(tmp.resolve("xdg-cache/reel/torrents")).isDirectory();
    } finally {
      reel.stopSignal().request();
    }
    assertThat(run.get(60, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
  }
}
