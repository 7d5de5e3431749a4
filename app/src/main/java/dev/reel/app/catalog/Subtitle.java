package dev.reel.app.catalog;

/**
 * Stremio's Subtitles object, with Reel's extension for subtitle files inside a torrent. Immutable.
 *
 * <p>Either {@code url} points to the file (http(s)), or {@code infoHash} + {@code fileIdx} name a file inside a
 * torrent (then {@code url} may be null and the streaming server serves it, as Stremio's local server does with
 * {@code /{infoHash}/{fileIdx}}).
 *
 * @param id unique among the subtitles of one item
 * @param url the subtitle file, or null for an in-torrent file
 * @param lang language code (ISO 639-2 preferred; other text shown as is)
 * @param label optional label shown instead of the language name
 * @param infoHash extension: the torrent holding the file (40 lowercase hex digits), or null
 * @param fileIdx extension: the file's index in that torrent, or null
 */
public record Subtitle(String id, String url, String lang, String label, String infoHash, Integer fileIdx) {
  public static Subtitle ofUrl(String id, String url, String lang) {
    return new Subtitle(id, url, lang, null, null, null);
  }

  public static Subtitle inTorrent(String id, String infoHash, int fileIdx, String lang, String label) {
    return new Subtitle(id, null, lang, label, infoHash, fileIdx);
  }
}
