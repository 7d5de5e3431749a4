package dev.reel.app.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * Stremio's Stream object: how to obtain one video, with Reel's extensions. Immutable; optional fields are null.
 *
 * <p>A stream points to its video by one of: {@code infoHash} (+ {@code fileIdx}; when the index is absent the largest
 * video file is played, or the file named by {@code behaviorHints.filename}), Reel's {@code magnet} or
 * {@code torrentUrl} (a .torrent to fetch), a direct http(s) {@code url}, or an {@code externalUrl} for the browser.
 *
 * @param name short label, usually the quality ("1080p")
 * @param title Stremio's deprecated description field, kept for old addons
 * @param description multi-line description of the stream
 * @param url direct http(s) URL of the video
 * @param infoHash v1 info-hash, 40 lowercase hex digits
 * @param fileIdx index of the video in the torrent's file list (padding files included)
 * @param externalUrl a page to open in the browser
 * @param sources extra peer sources: {@code tracker:<http|https|udp URL>} and {@code dht:<info-hash>}
 * @param subtitles subtitles that belong to this stream
 * @param behaviorHints Stremio's hints
 * @param magnet extension: a magnet link (BEP 9) for the torrent
 * @param torrentUrl extension: http(s) URL of the .torrent file
 * @param size extension: size of the video file in bytes, when known
 * @param seeders extension: seeders from the last scrape, when known
 * @param peers extension: leechers (peers that are not seeding) from the last scrape, when known
 * @param webSeeds extension: BEP 19 web seeds (url-list) of the torrent
 */
public record Stream(String name, String title, String description, String url, String infoHash, Integer fileIdx,
    String externalUrl, List<String> sources, List<Subtitle> subtitles, StreamHints behaviorHints, String magnet,
    String torrentUrl, Long size, Integer seeders, Integer peers, List<String> webSeeds) {

  /** How a stream reaches its video. */
  public enum Kind {
    /** infoHash, magnet or torrentUrl: played by Reel's torrent engine. */
    TORRENT,
    /** a direct http(s) URL. */
    HTTP,
    /** a page for the browser; Reel cannot play it. */
    EXTERNAL,
    /** nothing Reel understands. */
    NONE
  }

  public Stream {
    sources = Lists.clean(sources);
    subtitles = Lists.clean(subtitles);
    webSeeds = Lists.clean(webSeeds);
  }

  @JsonIgnore
  public Kind kind() {
    if (infoHash != null || magnet != null || torrentUrl != null) {
      return Kind.TORRENT;
    }
    if (url != null) {
      return Kind.HTTP;
    }
    return externalUrl != null ? Kind.EXTERNAL : Kind.NONE;
  }

  /** The same stream with swarm counts from a scrape. */
  public Stream withSwarm(int seeders, int peers) {
    return new Stream(name, title, description, url, infoHash, fileIdx, externalUrl, sources, subtitles, behaviorHints,
        magnet, torrentUrl, size, seeders, peers, webSeeds);
  }

  /** A builder, since most streams set a handful of the sixteen fields. */
  public static Builder builder() {
    return new Builder();
  }

  /** Mutable builder for {@link Stream}; not thread-safe. */
  public static final class Builder {
    private String name;
    private String title;
    private String description;
    private String url;
    private String infoHash;
    private Integer fileIdx;
    private String externalUrl;
    private List<String> sources = List.of();
    private List<Subtitle> subtitles = List.of();
    private StreamHints behaviorHints;
    private String magnet;
    private String torrentUrl;
    private Long size;
    private Integer seeders;
    private Integer peers;
    private List<String> webSeeds = List.of();

    private Builder() {}

    public Builder name(String v) { name = v; return this; }
    public Builder title(String v) { title = v; return this; }
    public Builder description(String v) { description = v; return this; }
    public Builder url(String v) { url = v; return this; }
    public Builder infoHash(String v) { infoHash = v; return this; }
    public Builder fileIdx(Integer v) { fileIdx = v; return this; }
    public Builder externalUrl(String v) { externalUrl = v; return this; }
    public Builder sources(List<String> v) { sources = v; return this; }
    public Builder subtitles(List<Subtitle> v) { subtitles = v; return this; }
    public Builder behaviorHints(StreamHints v) { behaviorHints = v; return this; }
    public Builder magnet(String v) { magnet = v; return this; }
    public Builder torrentUrl(String v) { torrentUrl = v; return this; }
    public Builder size(Long v) { size = v; return this; }
    public Builder seeders(Integer v) { seeders = v; return this; }
    public Builder peers(Integer v) { peers = v; return this; }
    public Builder webSeeds(List<String> v) { webSeeds = v; return this; }

    public Stream build() {
      return new Stream(name, title, description, url, infoHash, fileIdx, externalUrl, sources, subtitles,
          behaviorHints, magnet, torrentUrl, size, seeders, peers, webSeeds);
    }
  }
}
