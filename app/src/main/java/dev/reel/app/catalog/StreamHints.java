package dev.reel.app.catalog;

import java.util.List;

/**
 * Stremio's {@code stream.behaviorHints}. Immutable; every field optional (null when absent).
 *
 * @param bingeGroup streams of the same group are chosen automatically for the next episode
 * @param notWebReady the http(s) {@code url} is not an MP4 over https and needs a proxy or transcoding
 * @param countryWhitelist lowercase ISO 3166-1 alpha-3 codes where the stream may be played
 * @param videoSize size of the video file in bytes (passed to subtitle providers)
 * @param filename file name of the video (passed to subtitle providers; Reel also uses it to find the file in a
 *     torrent when {@code fileIdx} is absent)
 * @param videoHash the OpenSubtitles hash of the video
 */
public record StreamHints(String bingeGroup, Boolean notWebReady, List<String> countryWhitelist, Long videoSize,
    String filename, String videoHash) {
  public StreamHints {
    countryWhitelist = Lists.clean(countryWhitelist);
  }

  public static StreamHints ofFile(String filename, Long videoSize) {
    return new StreamHints(null, null, List.of(), videoSize, filename, null);
  }
}
