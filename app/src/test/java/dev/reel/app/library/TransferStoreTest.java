package dev.reel.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.FilePriority;
import dev.reel.engine.metainfo.InfoHash;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The transfer list on a real SQLite file: stored, changed, removed, and still there after a restart. */
class TransferStoreTest {
  @TempDir Path tmp;
  final TestClock clock = new TestClock();
  static final InfoHash A = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
  static final InfoHash B = InfoHash.fromHex("f".repeat(40));

  @Test
  void transfersSurviveARestartWithTheirPrioritiesAndPauses() {
    Path data = tmp.resolve("data");
    byte[] torrent = {'d', 'e'};
    try (Library library = Fixtures.open(data, clock)) {
      TransferStore store = library.transfers();
      store.put(new TransferRecord(A, "Film", torrent, null, tmp.resolve("dl"),
          Map.of(0, FilePriority.SKIP, 2, FilePriority.HIGH, 3, FilePriority.NORMAL), false, clock.instant()));
      clock.advance(Duration.ofMinutes(1));
      store.put(new TransferRecord(B, "Magnet", null, "magnet:?xt=urn:btih:" + B.hex(), tmp.resolve("dl"), Map.of(),
          false, clock.instant()));
      assertThat(store.setPaused(B, true)).isTrue();
      assertThat(store.setPriorities(A, Map.of(1, FilePriority.SKIP))).isTrue();
      assertThat(store.setPaused(InfoHash.fromHex("1".repeat(40)), true)).isFalse();
    }
    try (Library library = Fixtures.open(data, clock)) {
      TransferStore store = library.transfers();
      assertThat(store.list()).extracting(TransferRecord::infoHash).containsExactly(A, B);
      TransferRecord a = store.find(A).orElseThrow();
      assertThat(a.torrent()).isEqualTo(torrent);
      assertThat(a.magnet()).isNull();
      assertThat(a.priorities()).isEqualTo(Map.of(1, FilePriority.SKIP));
      assertThat(a.paused()).isFalse();
      assertThat(a.added()).isEqualTo(TestClock.START);
      TransferRecord b = store.find(B).orElseThrow();
      assertThat(b.paused()).isTrue();
      assertThat(b.torrent()).isNull();
      assertThat(b.magnet()).startsWith("magnet:");
      assertThat(store.remove(A)).isTrue();
      assertThat(store.remove(A)).isFalse();
      assertThat(store.list()).extracting(TransferRecord::infoHash).containsExactly(B);
    }
  }

  @Test
  void aTorrentOverTheLimitIsRefused() {
    try (Library library = Fixtures.open(tmp.resolve("data"), clock)) {
      byte[] big = new byte[TransferStore.MAX_TORRENT_BYTES + 1];
      assertThatThrownBy(() -> library.transfers().put(new TransferRecord(A, "Big", big, null, tmp, Map.of(), false,
          clock.instant()))).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "'';               ''",
      "0=skip,2=high;    0=skip,2=high",
      "2=high,0=skip;    0=skip,2=high",
      "1=normal;         ''",
      "x=skip,3=urgent,4; ''",
      "5=SKIP;           5=skip"})
  void prioritiesRoundTripAndUnreadablePartsDownloadNormally(String stored, String canonical) {
    assertThat(TransferStore.encode(TransferStore.decode(stored))).isEqualTo(canonical);
  }
}
