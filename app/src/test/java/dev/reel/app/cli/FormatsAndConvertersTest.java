package dev.reel.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.TorrentState;
import dev.reel.engine.TorrentStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.TypeConversionException;

/** The pure pieces of the CLI: number formats, the status line, option converters, the data folder default. */
class FormatsAndConvertersTest {
  @ParameterizedTest
  @CsvSource({"0, 0 B", "1023, 1023 B", "1024, 1.0 KiB", "1536, 1.5 KiB", "1048576, 1.0 MiB",
      "289445627, 276 MiB", "5368709120, 5.0 GiB"})
  void bytes(long n, String expected) {
    assertThat(Formats.bytes(n)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0, 0s", "59, 59s", "60, 1m00s", "185, 3m05s", "3720, 1h02m", "9000000, ∞"})
  void durations(long seconds, String expected) {
    assertThat(Formats.duration(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  private static TorrentStatus downloading(double progress, int peers) {
    long wanted = 100L << 20;
    return new TorrentStatus(TorrentState.DOWNLOADING, "Big Buck Bunny", progress, wanted, (long) (wanted * progress),
        0, 0, 2.5 * (1 << 20), 30 * 1024, peers, 1, 10, 400, Optional.of(Duration.ofSeconds(72)), Optional.empty());
  }

  @Test
  void plainStatusLineNamesEverything() {
    assertThat(StatusText.plain(downloading(0.42, 12)))
        .isEqualTo("Big Buck Bunny: 42.0% of 100 MiB, down 2.5 MiB/s, up 30.0 KiB/s, 12 peers, ETA 1m12s");
    assertThat(StatusText.plain(downloading(0, 1))).contains(", 1 peer,");
  }

  @ParameterizedTest
  @CsvSource({"120", "80", "40", "10"})
  void barFitsTheTerminalWidth(int width) {
    String line = StatusText.bar(downloading(0.5, 3), width);
    assertThat(line.length()).isLessThanOrEqualTo(width);
    assertThat(line).startsWith("Big Buck");
  }

  @Test
  void wideBarShowsBarRatesPeersAndEta() {
    String line = StatusText.bar(downloading(0.5, 3), 120);
    assertThat(line).contains(" 50.0% [").contains("↓2.5 MiB/s").contains("↑30.0 KiB/s").contains("3 peers")
        .contains("ETA 1m12s");
  }

  @Test
  void plainProgressPrintsOnlyEveryInterval() {
    StringWriter sw = new StringWriter();
    PlainProgress p = new PlainProgress(new PrintWriter(sw), Duration.ofSeconds(5));
    long s = 1_000_000_000L;
    p.update(downloading(0.1, 1), 0);
    p.update(downloading(0.2, 1), 4 * s);
    assertThat(sw.toString()).as("nothing in the first interval").isEmpty();
    p.update(downloading(0.3, 1), 5 * s);
    p.update(downloading(0.4, 1), 6 * s);
    p.update(downloading(0.5, 1), 10 * s);
    assertThat(sw.toString().lines()).hasSize(2).allMatch(l -> l.startsWith("Big Buck Bunny: "));
    assertThat(sw.toString()).doesNotContain("\r");
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1:6881, 127.0.0.1, 6881", "[::1]:51413, 0:0:0:0:0:0:0:1, 51413"})
  void peerAddresses(String value, String ip, int port) {
    var a = new SwarmOptions.PeerAddress().convert(value);
    assertThat(a.getAddress().getHostAddress()).isEqualTo(ip);
    assertThat(a.getPort()).isEqualTo(port);
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1", "127.0.0.1:", ":80", "127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:x"})
  void badPeerAddresses(String value) {
    assertThatThrownBy(() -> new SwarmOptions.PeerAddress().convert(value)).isInstanceOf(TypeConversionException.class);
  }

  @ParameterizedTest
  @CsvSource({"http://t.example/announce", "https://t.example:443/a", "udp://127.0.0.1:6969", "UDP://h:1/announce"})
  void trackerUrls(String url) {
    assertThat(new SwarmOptions.TrackerUrl().convert(url)).isEqualTo(url);
  }

  @ParameterizedTest
  @CsvSource({"ftp://t.example/", "t.example:6969", "http:///nohost", "wss://t.example"})
  void badTrackerUrls(String url) {
    assertThatThrownBy(() -> new SwarmOptions.TrackerUrl().convert(url)).isInstanceOf(TypeConversionException.class);
  }

  @ParameterizedTest
  @CsvSource({"16384, 16384", "16K, 16384", "256KiB, 262144", "4M, 4194304", "128M, 134217728"})
  void pieceSizes(String value, int expected) {
    assertThat(new CreateCommand.PieceSize().convert(value)).isEqualTo(expected);
  }

  @Test
  void dataDirFollowsXdg() {
    Path home = Path.of("/home/u");
    assertThat(SwarmOptions.defaultDataDir("/xdg/data", home)).isEqualTo(Path.of("/xdg/data/reel"));
    assertThat(SwarmOptions.defaultDataDir(null, home)).isEqualTo(Path.of("/home/u/.local/share/reel"));
    assertThat(SwarmOptions.defaultDataDir("", home)).isEqualTo(Path.of("/home/u/.local/share/reel"));
    assertThat(SwarmOptions.defaultDataDir("relative", home)).as("XDG says: ignore relative")
        .isEqualTo(Path.of("/home/u/.local/share/reel"));
  }
}
