package dev.reel.engine.metainfo;

import static dev.reel.engine.metainfo.TestTorrents.multiInfo;
import static dev.reel.engine.metainfo.TestTorrents.resource;
import static dev.reel.engine.metainfo.TestTorrents.singleInfo;
import static dev.reel.engine.metainfo.TestTorrents.torrent;
import static dev.reel.engine.metainfo.TestTorrents.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.bencode.BEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetainfoTest {
  private static final List<List<String>> WEBTORRENT_TIERS = List.of(
      List.of("udp://tracker.leechers-paradise.org:6969"), List.of("udp://tracker.coppersurfer.tk:6969"),
      List.of("udp://tracker.opentrackr.org:1337"), List.of("udp://explodie.org:6969"),
      List.of("udp://tracker.empire-js.us:1337"), List.of("wss://tracker.btorrent.xyz"),
      List.of("wss://tracker.openwebtorrent.com"));

  // Expected values computed once with python3-libtorrent 2.0.8 (torrent_info) and hard-coded.
  @ParameterizedTest
  @CsvSource({
      "bigBuckBunny.torrent, bbb_sunflower_1080p_30fps_normal.mp4, 88594aaacbde40ef3e2510c47374ec0aa396c08e, "
          + "276134947, 524288, 527, 359459, 61eeffc748e6a7263d7fada87b33506c496c50ff, "
          + "61b00f311dbb9f763d3d427ebef1510744df88cd",
      "sintel.torrent, sintel.mp4, 6a9759bffd5c0af65319979fb7832189f4f3c35d, "
          + "129241752, 131072, 987, 4760, 75482adbb511c1695eb63fbd52c6bf7e738a68f3, "
          + "02bcf8f80d8b898dc76ddfe6648621829659832f",
      "tearsOfSteel.torrent, tears_of_steel_1080p.webm, 02767050e0be2fd4db9a2ad6c12416ac806ed6ed, "
          + "571346576, 262144, 2180, 134800, 0e94a744207949dce8780dc76453170597d806d0, "
          + "ad92db29aa22c5b39c05ec1a040f7f8719dff212",
      "cosmosLaundromat.torrent, CosmosLaundromatFirstCycle, 6a02592d2bbc069628cd5ed8a54f88ee06ac0ba5, "
          + "277172094, 524288, 529, 348030, 732ce7fd425b3624549b8e62bd40ae37948a34f6, "
          + "90b58fe788af7f6974b3843dae074863c900474c",
  })
  void parsesTheOpenMovieTorrents(String file, String name, String hash, long total, int pieceLength, int pieces,
      int lastPieceSize, String firstPieceHash, String lastPieceHash) throws Exception {
    Metainfo m = Metainfo.parse(resource(file));

    assertThat(m.name()).isEqualTo(name);
    assertThat(m.infoHash().hex()).isEqualTo(hash);
    assertThat(m.totalLength()).isEqualTo(total);
    assertThat(m.pieceLength()).isEqualTo(pieceLength);
    assertThat(m.pieceCount()).isEqualTo(pieces);
    assertThat(m.pieceSize(0)).isEqualTo(pieceLength);
    assertThat(m.pieceSize(pieces - 1)).isEqualTo(lastPieceSize);
    assertThat(HexFormat.of().formatHex(m.pieceHash(0))).isEqualTo(firstPieceHash);
    assertThat(HexFormat.of().formatHex(m.pieceHash(pieces - 1))).isEqualTo(lastPieceHash);
    assertThat(m.isPrivate()).isFalse();
    assertThat(m.files().stream().mapToLong(FileEntry::length).sum()).isEqualTo(total);
    assertThat(m.files()).noneMatch(FileEntry::padding);
    assertThat(m.toString()).contains(hash);
  }

  @Test
  void bigBuckBunnyHasTrackersWebSeedAndOptionalFields() throws Exception {
    Metainfo m = Metainfo.parse(resource("bigBuckBunny.torrent"));

    assertThat(m.multiFile()).isFalse();
    assertThat(m.files()).containsExactly(
        new FileEntry(0, List.of("bbb_sunflower_1080p_30fps_normal.mp4"), 276134947L, 0, false));
    assertThat(m.announceTiers()).isEqualTo(WEBTORRENT_TIERS);
    assertThat(m.urlList()).containsExactly(
        "http://distribution.bbb3d.renderfarming.net/video/mp4/bbb_sunflower_1080p_30fps_normal.mp4");
    assertThat(m.comment()).contains("Big Buck Bunny, Sunflower version");
    assertThat(m.createdBy()).contains("uTorrent/3320");
    assertThat(m.creationDate()).contains(Instant.ofEpochSecond(1387309662));
  }

  @Test
  void tearsOfSteelHasNoOptionalFields() throws Exception {
    Metainfo m = Metainfo.parse(resource("tearsOfSteel.torrent"));

    assertThat(m.urlList()).isEmpty(); // an empty url-list list
    assertThat(m.comment()).isEmpty();
    assertThat(m.createdBy()).isEmpty();
    assertThat(m.creationDate()).isEmpty();
  }

  @Test
  void cosmosLaundromatIsAMultiFileInternetArchiveTorrent() throws Exception {
    Metainfo m = Metainfo.parse(resource("cosmosLaundromat.torrent"));

    assertThat(m.multiFile()).isTrue();
    assertThat(m.files()).hasSize(9);
    FileEntry mp4 = m.files().get(1);
    assertThat(mp4).isEqualTo(
        new FileEntry(1, List.of("Cosmos Laundromat - First Cycle (1080p).mp4"), 220087570L, 223580L, false));
    assertThat(mp4.displayPath()).isEqualTo("Cosmos Laundromat - First Cycle (1080p).mp4");
    assertThat(m.files().get(8).offset()).isEqualTo(277170890L);
    assertThat(m.announceTiers().get(0)).containsExactly("http://bt1.archive.org:6969/announce");
    assertThat(m.announceTiers()).hasSize(9);
    assertThat(m.urlList()).containsExactly("http://ia601508.us.archive.org/14/items/",
        "http://ia801508.us.archive.org/14/items/", "https://archive.org/download/");
    assertThat(m.resolveFile(Path.of("/downloads"), 1)).isEqualTo(
        Path.of("/downloads/CosmosLaundromatFirstCycle/Cosmos Laundromat - First Cycle (1080p).mp4"));
  }

  @Test
  void infoHashIsTheSha1OfTheRawInfoBytes() throws Exception {
    byte[] file = resource("sintel.torrent");
    Metainfo m = Metainfo.parse(file);

    byte[] info = m.infoBytes();
    assertThat(m.infoSize()).isEqualTo(info.length);
    assertThat(indexOf(file, info)).isPositive();
    assertThat(MessageDigest.getInstance("SHA-1").digest(info)).isEqualTo(m.infoHash().bytes());
  }

  @Test
  void nonCanonicalInfoKeepsTheHashOfItsRawBytes() throws Exception {
    // Keys out of order ("pieces" before "name"), as some old clients wrote them.
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    info.writeBytes("d6:lengthi40000e6:pieces60:".getBytes(StandardCharsets.US_ASCII));
    info.writeBytes(new byte[60]);
    info.writeBytes("4:name9:movie.mkv12:piece lengthi16384ee".getBytes(StandardCharsets.US_ASCII));
    byte[] raw = info.toByteArray();
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes("d4:info".getBytes(StandardCharsets.US_ASCII));
    file.writeBytes(raw);
    file.writeBytes("e".getBytes(StandardCharsets.US_ASCII));

    Metainfo m = Metainfo.parse(file.toByteArray());

    assertThat(m.infoHash()).isEqualTo(InfoHash.ofInfoBytes(raw));
    assertThat(m.infoHash()).isNotEqualTo(InfoHash.ofInfoBytes(BEncoder.encode(singleInfo())));
    assertThat(m.infoBytes()).isEqualTo(raw);
    assertThat(Metainfo.parse(m.toTorrentBytes()).infoHash()).isEqualTo(m.infoHash());
  }

  @Test
  void hybridTorrentIsReadThroughItsV1PartWithPaddingFiles() throws Exception {
    // Made by python3-libtorrent 2.0.8 create_torrent (v1+v2 hybrid, 16 KiB pieces, pad files aligning each file).
    Metainfo m = Metainfo.parse(resource("hybrid.torrent"));

    assertThat(m.infoHash().hex()).isEqualTo("540de9203a6513ae2d1c51086d57a1d69bd86ac0");
    assertThat(m.pieceCount()).isEqualTo(12);
    assertThat(m.totalLength()).isEqualTo(196608);
    assertThat(m.files()).extracting(FileEntry::displayPath, FileEntry::length, FileEntry::offset, FileEntry::padding)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a.bin", 100000L, 0L, false),
            org.assertj.core.groups.Tuple.tuple(".pad/14688", 14688L, 100000L, true),
            org.assertj.core.groups.Tuple.tuple("c.txt", 5L, 114688L, false),
            org.assertj.core.groups.Tuple.tuple(".pad/16379", 16379L, 114693L, true),
            org.assertj.core.groups.Tuple.tuple("sub/b.bin", 50000L, 131072L, false),
            org.assertj.core.groups.Tuple.tuple(".pad/15536", 15536L, 181072L, true));
  }

  @Test
  void v2OnlyTorrentIsRejectedClearly() {
    assertThatThrownBy(() -> Metainfo.parse(resource("v2only.torrent")))
        .isInstanceOf(InvalidTorrentException.class)
        .hasMessage("BitTorrent v2-only torrents are not supported yet");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "p    | a.bin                                  | true",
      "xp   | a.bin                                  | true",
      "x    | a.bin                                  | false",
      "''   | .pad/1234                              | true",
      "''   | _____padding_file_0_if you see this file, please update to BitComet 0.85 or above____ | true",
      "''   | ._____padding_file/_____padding_file_1 | true",
      "''   | pad/1234                               | false",
  })
  void recognisesPaddingFiles(String attr, String path, boolean padding) throws Exception {
    Map<String, Object> pad = new java.util.LinkedHashMap<>(Map.of("length", 10_000L,
        "path", List.of(path.split("/"))));
    if (!attr.isEmpty()) {
      pad.put("attr", attr);
    }
    Map<String, Object> info = with(multiInfo(), "files",
        List.of(Map.of("length", 10_000L, "path", List.of("a")), pad, Map.of("length", 10_000L, "path", List.of("b"))));

    Metainfo m = Metainfo.parse(torrent(info));

    assertThat(m.files().get(1).padding()).isEqualTo(padding);
    assertThat(m.files().get(0).padding()).isFalse();
  }

  @Test
  void paddingFileWithoutPathGetsAPadPath() throws Exception {
    Map<String, Object> info = with(multiInfo(), "files", List.of(Map.of("length", 10_000L, "path", List.of("a")),
        Map.of("length", 6_384L, "attr", "p"), Map.of("length", 13_616L, "path", List.of("b"))));

    FileEntry pad = Metainfo.parse(torrent(info)).files().get(1);

    assertThat(pad.path()).containsExactly(".pad", "6384");
    assertThat(pad.padding()).isTrue();
  }

  @Test
  void aFileWhosePathIsAllDroppedLandsInsideTheTorrentFolderNotOnIt() throws Exception {
    Map<String, Object> info = new java.util.LinkedHashMap<>(multiInfo());
    info.put("files", List.of(Map.of("length", 10_000L, "path", List.of("..")),
        Map.of("length", 20_000L, "path", List.of("", ".", "..")), Map.of("length", 0L, "path", List.of("a"))));
    Metainfo m = Metainfo.parse(torrent(info));
    assertThat(m.resolveFile(Path.of("/dl"), 0)).isEqualTo(Path.of("/dl/Show/_"));
    assertThat(m.resolveFile(Path.of("/dl"), 1)).isEqualTo(Path.of("/dl/Show/_.1")); // two files, two names
    assertThat(m.resolveFile(Path.of("/dl"), 2)).isEqualTo(Path.of("/dl/Show/a"));

    Metainfo nameless = Metainfo.parse(torrent(TestTorrents.with(info, "name", "..")));
    assertThat(nameless.resolveFile(Path.of("/dl"), 2)).isEqualTo(Path.of("/dl/_/a"));
  }

  @Test
  void filesWhoseSanitizedPathsClashGetDistinctNames() throws Exception {
    Map<String, Object> info = new java.util.LinkedHashMap<>(multiInfo());
    info.put("files", List.of(Map.of("length", 1L, "path", List.of("CON")),
        Map.of("length", 1L, "path", List.of("_CON")),
        Map.of("length", 1L, "path", List.of("d", "a.txt")),
        Map.of("length", 1L, "path", List.of("D", "A.txt")),
        Map.of("length", 1L, "path", List.of("d")),
        Map.of("length", 1L, "path", List.of("d", "a.txt")),
        Map.of("length", 1L, "path", List.of("é".repeat(130) + "a.mkv")),
        Map.of("length", 1L, "path", List.of("é".repeat(130) + "b.mkv"))));
    info.put("pieces", new byte[20]);
    Metainfo m = Metainfo.parse(torrent(info));
    String first = m.resolveFile(Path.of("/dl"), 6).getFileName().toString();
    String second = m.resolveFile(Path.of("/dl"), 7).getFileName().toString();
    assertThat(first).isEqualTo("é".repeat(118) + ".mkv"); // 236 + 4 bytes
    assertThat(second).isEqualTo("é".repeat(117) + ".1.mkv"); // 234 + 6 bytes

    assertThat(java.util.stream.IntStream.range(0, 6).mapToObj(i -> m.resolveFile(Path.of("/dl"), i)).toList())
        .containsExactly(Path.of("/dl/Show/_CON"), Path.of("/dl/Show/_CON.1"), Path.of("/dl/Show/d/a.txt"),
            Path.of("/dl/Show/D/A.1.txt"), Path.of("/dl/Show/d.1"), Path.of("/dl/Show/d/a.2.txt"));
    assertThat(m.resolveFile(Path.of("/other"), 1)).isEqualTo(Path.of("/other/Show/_CON.1"));
  }

  @Test
  void multiFileOffsetsAndResolvedPaths() throws Exception {
    Metainfo m = Metainfo.parse(torrent(multiInfo()));

    assertThat(m.multiFile()).isTrue();
    assertThat(m.files()).extracting(FileEntry::offset).containsExactly(0L, 10_000L, 10_000L);
    assertThat(m.totalLength()).isEqualTo(30_000);
    assertThat(m.pieceSize(1)).isEqualTo(30_000 - 16_384);
    assertThat(m.resolveFile(Path.of("/dl"), 2)).isEqualTo(Path.of("/dl/Show/Season 1/e02.mkv"));
    assertThatThrownBy(() -> m.pieceSize(2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> m.pieceHash(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void prefersUtf8NameAndPath() throws Exception {
    Map<String, Object> info = with(multiInfo(), "name.utf-8", "Série");
    info = with(info, "files", List.of(Map.of("length", 30_000L, "path", List.of("S?rie.mkv"),
        "path.utf-8", List.of("Série.mkv"))));

    Metainfo m = Metainfo.parse(torrent(info));

    assertThat(m.name()).isEqualTo("Série");
    assertThat(m.files().get(0).path()).containsExactly("Série.mkv");
  }

  @Test
  void privateFlagCommentAndDates() throws Exception {
    byte[] t = torrent(with(singleInfo(), "private", 1),
        Map.of("comment", "c", "comment.utf-8", "çà", "created by", "me", "creation date", 1_700_000_000L));

    Metainfo m = Metainfo.parse(t);

    assertThat(m.isPrivate()).isTrue();
    assertThat(m.comment()).contains("çà");
    assertThat(m.createdBy()).contains("me");
    assertThat(m.creationDate()).contains(Instant.ofEpochSecond(1_700_000_000L));
    assertThat(Metainfo.parse(torrent(with(singleInfo(), "private", 0))).isPrivate()).isFalse();
  }

  @Test
  void announceListTiersAreCleanedAndSupersedeAnnounce() throws Exception {
    byte[] t = torrent(singleInfo(), Map.of("announce", "http://a/announce", "announce-list", List.of(
        List.of("http://b/announce", " http://c/announce "), List.of(), List.of("http://b/announce", ""),
        List.of("udp://d:80"))));

    assertThat(Metainfo.parse(t).announceTiers()).containsExactly(
        List.of("http://b/announce", "http://c/announce"), List.of("udp://d:80"));
  }

  @Test
  void announceAloneIsOneTier() throws Exception {
    assertThat(Metainfo.parse(torrent(singleInfo())).announceTiers())
        .containsExactly(List.of("http://tracker.example/announce"));
    assertThat(Metainfo.parse(torrent(singleInfo(), Map.of())).announceTiers()).isEmpty();
  }

  @Test
  void urlListMayBeAString() throws Exception {
    assertThat(Metainfo.parse(torrent(singleInfo(), Map.of("url-list", "http://seed/movie.mkv"))).urlList())
        .containsExactly("http://seed/movie.mkv");
    assertThat(Metainfo.parse(torrent(singleInfo(), Map.of("url-list", List.of("http://a/", 5, "http://b/"))))
        .urlList()).containsExactly("http://a/", "http://b/");
  }

  @Test
  void toTorrentBytesRoundTrips() throws Exception {
    for (String file : List.of("bigBuckBunny.torrent", "cosmosLaundromat.torrent", "tearsOfSteel.torrent")) {
      Metainfo m = Metainfo.parse(resource(file));
      Metainfo again = Metainfo.parse(m.toTorrentBytes());
      assertThat(again.infoHash()).isEqualTo(m.infoHash());
      assertThat(again.announceTiers()).isEqualTo(m.announceTiers());
      assertThat(again.urlList()).isEqualTo(m.urlList());
      assertThat(again.comment()).isEqualTo(m.comment());
      assertThat(again.createdBy()).isEqualTo(m.createdBy());
      assertThat(again.creationDate()).isEqualTo(m.creationDate());
      assertThat(again.files()).isEqualTo(m.files());
    }
  }

  @Test
  void fromInfoBytesBuildsTheSameTorrent() throws Exception {
    Metainfo original = Metainfo.parse(resource("cosmosLaundromat.torrent"));

    Metainfo m = Metainfo.fromInfoBytes(original.infoBytes(), List.of(List.of("udp://t:1", " "), List.of()),
        List.of("http://seed/", "http://seed/"));

    assertThat(m.infoHash()).isEqualTo(original.infoHash());
    assertThat(m.files()).isEqualTo(original.files());
    assertThat(m.announceTiers()).containsExactly(List.of("udp://t:1"));
    assertThat(m.urlList()).containsExactly("http://seed/");
    Metainfo bare = Metainfo.fromInfoBytes(original.infoBytes(), List.of(), List.of());
    assertThat(bare.announceTiers()).isEmpty();
    assertThat(Metainfo.parse(bare.toTorrentBytes()).infoHash()).isEqualTo(original.infoHash());
    assertThatThrownBy(() -> Metainfo.fromInfoBytes("le".getBytes(StandardCharsets.US_ASCII), List.of(), List.of()))
        .isInstanceOf(InvalidTorrentException.class).hasMessageContaining("not a bencoded dictionary");
    assertThatThrownBy(() -> Metainfo.fromInfoBytes(new byte[Metainfo.MAX_INFO_SIZE + 1], List.of(), List.of()))
        .isInstanceOf(InvalidTorrentException.class).hasMessageContaining("exceeds the limit of 16777216 bytes");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
