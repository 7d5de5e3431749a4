package dev.reel.engine.webseed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.storage.FileStorage;
import dev.reel.engine.storage.PieceHasher;
import dev.reel.engine.storage.StorageLayout;
import dev.reel.engine.testkit.ArchiveFixture;
import dev.reel.engine.testkit.TestData;
import dev.reel.engine.testkit.WebSeedServer;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole downloads of an Internet-Archive-shaped torrent from its web seeds alone (no peers, no session). */
class ArchiveDownloadTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  @TempDir Path dir;
  private ArchiveFixture fixture;
  private Metainfo meta;
  private HttpClient http;

  @BeforeEach
  void setUp() {
    fixture = ArchiveFixture.builder(dir.resolve("fixture")).itemId("reel_test_night_1968").build();
    meta = fixture.metainfo();
    http = WebSeedClient.newHttpClient(WebSeedConfig.DEFAULTS);
  }

  @AfterEach
  void tearDown() {
    fixture.close();
    http.close();
  }

  private WebSeedOnlyDownload download(Path out, List<String> urlList) throws Exception {
    return download(out, urlList, new int[0]);
  }

  private WebSeedOnlyDownload download(Path out, List<String> urlList, int[] urgent) throws Exception {
    StorageLayout layout = TorrentData.layout(meta);
    List<WebSeedClient> clients = urlList.stream()
        .map(u -> new WebSeedClient(meta, u, http, WebSeedConfig.DEFAULTS)).toList();
    // Small runs (2 pieces, at most 4) so that both mirrors share the work of this small item.
    WebSeedScheduler scheduler = new WebSeedScheduler(meta.pieceCount(), meta.pieceLength(),
        2 * meta.pieceLength(), 4 * meta.pieceLength());
    try (FileStorage storage = new FileStorage(out, layout)) {
      WebSeedOnlyDownload d = new WebSeedOnlyDownload(meta, storage, scheduler, clients);
      d.run(TIMEOUT, urgent);
      storage.flush();
      for (int p = 0; p < meta.pieceCount(); p++) {
        assertThat(PieceHasher.verify(storage, layout, p, meta.pieceHash(p))).as("piece %d on disk", p).isTrue();
      }
      return d;
    }
  }

  @Test
  void downloadsTheWholeItemFromTwoMirrorsByteForByte() throws Exception {
    Path out = dir.resolve("out");

    download(out, meta.urlList());

    TestData.assertSameTree(fixture.itemDir(), out.resolve(fixture.itemId()));
    assertThat(out.resolve(fixture.itemId()).resolve(ArchiveFixture.PADDING_FOLDER)).doesNotExist();
    for (WebSeedServer s : fixture.servers()) {
      assertThat(s.log()).as("requests to %s", s.baseUrl()).isNotEmpty()
          .allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(206);
            assertThat(r.path()).startsWith(s.baseUrl().substring(s.baseUrl().indexOf('/', 8)) + fixture.itemId()
                + "/").doesNotContain("padding");
          });
    }
  }

  @Test
  void aLyingMirrorIsDroppedAndTheHonestOneFinishes() throws Exception {
    fixture.servers().get(0).lie(true);
    Path out = dir.resolve("out");

    WebSeedOnlyDownload d = download(out, meta.urlList());

    TestData.assertSameTree(fixture.itemDir(), out.resolve(fixture.itemId()));
    WebSeedState liar = d.state(meta.urlList().get(0));
    assertThat(liar.dropped()).isTrue();
    assertThat(liar.lastError()).hasValueSatisfying(m -> assertThat(m).contains("failed its hash check"));
    assertThat(d.state(meta.urlList().get(1)).dropped()).isFalse();
  }

  @Test
  void aFailingMirrorBacksOffAndTheOtherFinishes() throws Exception {
    fixture.servers().get(1).failNext(Integer.MAX_VALUE, 500);
    Path out = dir.resolve("out");

    WebSeedOnlyDownload d = download(out, meta.urlList());

    TestData.assertSameTree(fixture.itemDir(), out.resolve(fixture.itemId()));
    WebSeedState failing = d.state(meta.urlList().get(1));
    assertThat(failing.consecutiveFailures()).isPositive();
    assertThat(failing.dropped()).isFalse();
    assertThat(failing.downloaded()).isZero();
  }

  @Test
  void aFileMissingOnOneMirrorComesFromTheOther() throws Exception {
    FileEntry txt = meta.files().stream()
        .filter(f -> f.displayPath().equals(fixture.itemId() + ".txt")).findFirst().orElseThrow();
    int txtPiece = (int) (txt.offset() / meta.pieceLength());
    fixture.servers().get(0).hide(fixture.itemId() + "/" + txt.displayPath());
    Path out = dir.resolve("out");

    // The text file's piece is urgent, so the first mirror (first among equals) asks for it first.
    WebSeedOnlyDownload d = download(out, meta.urlList(), new int[] {txtPiece});

    TestData.assertSameTree(fixture.itemDir(), out.resolve(fixture.itemId()));
    WebSeedState partial = d.state(meta.urlList().get(0));
    assertThat(partial.dropped()).isFalse();
    assertThat(partial.lacks(txtPiece)).isTrue();
    assertThat(fixture.servers().get(0).log()).anySatisfy(r -> {
      assertThat(r.path()).endsWith(".txt");
      assertThat(r.status()).isEqualTo(404);
    });
    assertThat(fixture.servers().get(1).log()).anySatisfy(r -> {
      assertThat(r.path()).endsWith(".txt");
      assertThat(r.status()).isEqualTo(206);
    });
  }

  @Test
  void theVideoIsPieceAlignedSoItsFirstPiecesCanBeFetchedFirst() throws Exception {
    FileEntry video = meta.files().stream()
        .filter(f -> f.displayPath().equals(fixture.itemId() + ".mp4")).findFirst().orElseThrow();
    assertThat(video.offset() % meta.pieceLength()).isZero();
    int first = (int) (video.offset() / meta.pieceLength());
    WebSeedScheduler scheduler = new WebSeedScheduler(meta.pieceCount(), meta.pieceLength());
    BitSetClaims claims = new BitSetClaims(meta.pieceCount());
    WebSeedState seed = new WebSeedState(meta.urlList().get(0), new java.util.SplittableRandom(1));

    List<WebSeedScheduler.Assignment> as = scheduler.assign(List.of(seed), claims,
        new int[] {first, first + 1, first + 2}, 0, System.nanoTime());

    assertThat(as).singleElement().satisfies(a -> {
      assertThat(a.firstPiece()).isEqualTo(first);
      assertThat(a.pieceCount()).isEqualTo(3);
      assertThat(a.urgent()).isTrue();
    });
    // The stream's first bytes, straight from the mirror, are the video's first bytes.
    java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(meta.pieceSize(first));
    new WebSeedClient(meta, meta.urlList().get(0), http, WebSeedConfig.DEFAULTS).fetch(first, 0, head);
    byte[] expected = java.util.Arrays.copyOf(Files.readAllBytes(fixture.videoFile()), head.capacity());
    assertThat(head.array()).isEqualTo(expected);
  }
}
