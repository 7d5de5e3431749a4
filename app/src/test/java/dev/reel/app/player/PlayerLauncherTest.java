package dev.reel.app.player;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.app.stream.StreamRoutes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A player gets the stream URL as one argument that no player can take for an option or a second playlist entry. */
class PlayerLauncherTest {
  @TempDir Path bin;

  private void fakePlayer(String name) throws IOException {
    Path p = Files.writeString(bin.resolve(name), "#!/bin/sh\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"--lua-intf=evil", "-x", "--script=/tmp/evil.lua", "file:///etc/passwd", "javascript:1",
      " http://127.0.0.1:1/stream/x", "http://127.0.0.1:1/a\n--script=/tmp/evil.lua", "http://127.0.0.1:1/a b",
      "http://127.0.0.1:1/a\u2028b", "http://127.0.0.1:1/a\u0000", ""})
  void anythingButAPlainHttpUrlIsRefused(String url) throws IOException {
    fakePlayer("mpv");
    assertThatThrownBy(() -> PlayerLauncher.command("mpv", url, List.of(bin), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s)")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aHostileFileNameStaysInsideTheOneUrlArgument() throws IOException {
    fakePlayer("mpv");
    fakePlayer("vlc");
    String hostile = "-x\n--script=/tmp/evil.lua --lua-intf=x \u2028 %2e%2e/..\\ film.mkv";
    String url = StreamRoutes.streamUri(URI.create("http://127.0.0.1:8765/"),
        "0123456789abcdef0123456789abcdef01234567", 0, hostile).toString();
    for (String player : List.of("mpv", "vlc")) {
      List<String> cmd = PlayerLauncher.command(player, url, List.of(bin), false);
      assertThat(cmd).hasSize(2 + PlayerLauncher.flags(player).size());
      assertThat(cmd.get(cmd.size() - 1)).isEqualTo(url).startsWith("http://127.0.0.1:8765/stream/")
          .doesNotContain("\n", " ", "\u2028");
    }
  }
}
