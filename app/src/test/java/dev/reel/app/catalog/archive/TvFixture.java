package dev.reel.app.catalog.archive;

import dev.reel.engine.bencode.BEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code _archive.torrent} of the fixture show {@code one_step_beyond_1959}, built the way the Internet Archive
 * builds its torrents: named after the item, its files (originals, derivatives, subtitles, thumbnail, metadata) in
 * the Archive's order rather than the metadata's, each followed by a BEP 47 padding file under
 * {@code ._____padding_file/} up to the next piece boundary, the Archive's two trackers and three url-list bases (two
 * data nodes and {@code /download/}). The piece hashes are zeros: the torrent is for reading, not for downloading.
 */
public final class TvFixture {
  public static final String SHOW = "one_step_beyond_1959";
  static final int PIECE = 16 << 20;
  /** The torrent's files in order (padding excluded); sizes as in metadata-one_step_beyond_1959.json. */
  static final List<Map.Entry<String, Long>> FILES = List.of(
      Map.entry("One_Step_Beyond_S01E01_The_Bride_Possessed.en.srt", 41_234L),
      Map.entry("One_Step_Beyond_S01E01_The_Bride_Possessed.mp4", 96_468_992L),
      Map.entry("One_Step_Beyond_S01E01_The_Bride_Possessed.mpeg", 310_378_496L),
      Map.entry("One_Step_Beyond_S01E02_The_Dark_Room.gif", 210_000L),
      Map.entry("One_Step_Beyond_S01E02_The_Dark_Room.mp4", 94_371_840L),
      Map.entry("One_Step_Beyond_S01E02_The_Dark_Room.mpeg", 301_989_000L),
      Map.entry("One_Step_Beyond_S01E02_The_Dark_Room.ogv", 62_914_560L),
      Map.entry("One_Step_Beyond_S01E03_Night_of_April_14th.mp4", 92_274_688L),
      Map.entry("One_Step_Beyond_S01E10.mp4", 90_177_536L),
      Map.entry("One_Step_Beyond_S02E01_Delusion.mp4", 88_080_384L),
      Map.entry("__ia_thumb.jpg", 24_120L),
      Map.entry(SHOW + "_meta.xml", 1_433L));

  private TvFixture() {}

  /** The bencoded torrent. */
  public static byte[] torrent() {
    List<Object> files = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < FILES.size(); i++) {
      long len = FILES.get(i).getValue();
      files.add(Map.of("length", len, "path", List.of(FILES.get(i).getKey())));
      total += len;
      long pad = (PIECE - total % PIECE) % PIECE;
      if (pad > 0 && i < FILES.size() - 1) {
        files.add(Map.of("attr", "p", "length", pad, "path", List.of("._____padding_file", Integer.toString(i))));
        total += pad;
      }
    }
    int pieces = (int) ((total + PIECE - 1) / PIECE);
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("collections", List.of("org.archive." + SHOW));
    info.put("files", files);
    info.put("name", SHOW);
    info.put("piece length", (long) PIECE);
    info.put("pieces", new byte[pieces * 20]);
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("announce", "http://bt1.archive.org:6969/announce");
    t.put("announce-list", List.of(List.of("http://bt1.archive.org:6969/announce"),
        List.of("http://bt2.archive.org:6969/announce")));
    t.put("comment", "This content hosted at the Internet Archive at https://archive.org/details/" + SHOW);
    t.put("created by", "ia_make_torrent");
    t.put("info", info);
    t.put("url-list", List.of("http://ia802304.us.archive.org/21/items/", "http://ia902304.us.archive.org/21/items/",
        "https://archive.org/download/"));
    return BEncoder.encode(t);
  }
}
