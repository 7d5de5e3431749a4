package dev.reel.app.catalog;

import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Magnet;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Cleans what a provider returned before Reel keeps or shows it. Text stays plain data (never interpreted as markup
 * here; the UI escapes it): control characters other than newline and tab are removed and lengths are bounded. URLs are
 * kept only when they are absolute http(s) URLs (a {@code javascript:} or {@code file:} URL is dropped). Info-hashes
 * are normalized to lowercase hex; sources, magnets and indexes that do not parse are dropped; a stream or item left
 * without what it needs is dropped. Stateless and thread-safe.
 */
public final class Untrusted {
  public static final int MAX_NAME = 500;
  public static final int MAX_DESCRIPTION = 10_000;
  public static final int MAX_URL = 4096;
  public static final int MAX_LIST = 100;
  /** Most items kept from one catalog page, streams from one answer, videos from one meta. */
  public static final int MAX_ITEMS = 1000;
  public static final int MAX_VIDEOS = 5000;

  private Untrusted() {}

  /** Plain text bounded to {@code max} characters, without control characters except newline and tab; null if blank. */
  public static String text(String s, int max) {
    if (s == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), max));
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      if (c == '\r') {
        continue;
      }
      if (c == '\n' || c == '\t' || !Character.isISOControl(c)) {
        b.append(c);
      }
    }
    String out = b.toString().strip();
    return out.isEmpty() ? null : out;
  }

  public static String name(String s) {
    return text(s, MAX_NAME);
  }

  /** The URL if it is an absolute http(s) URL with a host, else null. */
  public static String httpUrl(String s) {
    if (s == null || s.isBlank() || s.length() > MAX_URL) {
      return null;
    }
    try {
      URI u = new URI(s.strip());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
        return u.toString();
      }
    } catch (URISyntaxException e) {
      return null;
    }
    return null;
  }

  /** Lowercase hex of a 40-hex-digit info-hash, else null. */
  public static String infoHash(String s) {
    return InfoHash.isHex(s) ? s.toLowerCase(Locale.ROOT) : null;
  }

  /** A Stremio source ({@code tracker:<http|https|udp URL>} or {@code dht:<info-hash>}), or null. */
  public static String source(String s) {
    if (s == null || s.length() > MAX_URL) {
      return null;
    }
    if (s.startsWith("dht:")) {
      String h = infoHash(s.substring(4));
      return h == null ? null : "dht:" + h;
    }
    if (s.startsWith("tracker:")) {
      String url = s.substring(8);
      try {
        URI u = new URI(url);
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (List.of("http", "https", "udp").contains(scheme) && u.getHost() != null) {
          return "tracker:" + url;
        }
      } catch (URISyntaxException e) {
        return null;
      }
    }
    return null;
  }

  private static List<String> strings(List<String> in, int maxEach) {
    return in.stream().map(s -> text(s, maxEach)).filter(Objects::nonNull).limit(MAX_LIST).toList();
  }

  private static List<String> urls(List<String> in) {
    return in.stream().map(Untrusted::httpUrl).filter(Objects::nonNull).limit(MAX_LIST).toList();
  }

  private static String posterShape(String s) {
    return s != null && List.of("poster", "square", "landscape").contains(s) ? s : null;
  }

  /** A cleaned preview, or null when it has no usable id, type or name. */
  public static MetaPreview preview(MetaPreview m) {
    if (m == null) {
      return null;
    }
    String id = text(m.id(), MAX_NAME);
    String type = text(m.type(), 64);
    String name = name(m.name());
    if (id == null || type == null || name == null) {
      return null;
    }
    return new MetaPreview(id, type, name, httpUrl(m.poster()), posterShape(m.posterShape()),
        strings(m.genres(), 100), text(m.releaseInfo(), 64), text(m.description(), MAX_DESCRIPTION),
        text(m.imdbRating(), 8), text(m.added(), 64));
  }

  /** Cleaned previews; unusable ones are dropped. */
  public static List<MetaPreview> previews(List<MetaPreview> in) {
    return in.stream().map(Untrusted::preview).filter(Objects::nonNull).limit(MAX_ITEMS).toList();
  }

  /** A cleaned meta, or null when it has no usable id, type or name. */
  public static MetaDetail detail(MetaDetail m) {
    if (m == null || preview(m.preview()) == null) {
      return null;
    }
    MetaPreview p = preview(m.preview());
    List<MetaLink> links = m.links().stream()
        .map(l -> new MetaLink(name(l.name()), text(l.category(), 100), linkUrl(l.url())))
        .filter(l -> l.name() != null && l.category() != null && l.url() != null).limit(MAX_LIST).toList();
    List<Video> videos = m.videos().stream().map(Untrusted::video).filter(Objects::nonNull).limit(MAX_VIDEOS)
        .toList();
    Licence licence = m.licence() == null ? null
        : new Licence(name(m.licence().name()), httpUrl(m.licence().url()));
    if (licence != null && licence.name() == null && licence.url() == null) {
      licence = null;
    }
    MetaDetail.MetaHints hints = m.behaviorHints() == null || text(m.behaviorHints().defaultVideoId(), MAX_NAME) == null
        ? null : new MetaDetail.MetaHints(text(m.behaviorHints().defaultVideoId(), MAX_NAME));
    return new MetaDetail(p.id(), p.type(), p.name(), p.poster(), p.posterShape(), httpUrl(m.background()),
        httpUrl(m.logo()), p.description(), p.releaseInfo(), text(m.released(), 64), p.genres(),
        strings(m.director(), MAX_NAME), strings(m.cast(), MAX_NAME), p.imdbRating(), text(m.runtime(), 64),
        text(m.language(), 100), text(m.country(), 100), httpUrl(m.website()), links, videos, hints, licence,
        p.added());
  }

  private static String linkUrl(String s) {
    if (s != null && s.startsWith("stremio:///") && s.length() <= MAX_URL) {
      return s;
    }
    return httpUrl(s);
  }

  private static Video video(Video v) {
    String id = text(v.id(), MAX_NAME);
    if (id == null) {
      return null;
    }
    String title = name(v.title());
    return new Video(id, title == null ? id : title, text(v.released(), 64), httpUrl(v.thumbnail()),
        nonNegative(v.season()), nonNegative(v.episode()), text(v.overview(), MAX_DESCRIPTION), v.available(),
        streams(v.streams()));
  }

  private static Integer nonNegative(Integer i) {
    return i == null || i < 0 ? null : i;
  }

  private static Long nonNegative(Long i) {
    return i == null || i < 0 ? null : i;
  }

  /** A cleaned stream, or null when nothing in it can be played or opened. */
  public static Stream stream(Stream s) {
    if (s == null) {
      return null;
    }
    String magnet = null;
    if (s.magnet() != null && s.magnet().length() <= Magnet.MAX_LENGTH) {
      try {
        Magnet.parse(s.magnet());
        magnet = s.magnet().strip();
      } catch (IllegalArgumentException e) {
        magnet = null;
      }
    }
    List<String> sources = s.sources().stream().map(Untrusted::source).filter(Objects::nonNull).limit(MAX_LIST)
        .toList();
    List<Subtitle> subs = s.subtitles().stream().map(Untrusted::subtitle).filter(Objects::nonNull).limit(MAX_LIST)
        .toList();
    StreamHints h = s.behaviorHints();
    StreamHints hints = h == null ? null : new StreamHints(text(h.bingeGroup(), MAX_NAME), h.notWebReady(),
        strings(h.countryWhitelist(), 8), nonNegative(h.videoSize()), text(h.filename(), MAX_NAME),
        text(h.videoHash(), 64));
    Stream out = new Stream(name(s.name()), text(s.title(), MAX_DESCRIPTION), text(s.description(), MAX_DESCRIPTION),
        httpUrl(s.url()), infoHash(s.infoHash()), nonNegative(s.fileIdx()), httpUrl(s.externalUrl()), sources, subs,
        hints, magnet, httpUrl(s.torrentUrl()), nonNegative(s.size()), nonNegative(s.seeders()),
        nonNegative(s.peers()), urls(s.webSeeds()));
    return out.kind() == Stream.Kind.NONE ? null : out;
  }

  /** Cleaned streams; unusable ones are dropped. */
  public static List<Stream> streams(List<Stream> in) {
    List<Stream> out = new ArrayList<>();
    for (Stream s : in) {
      Stream c = stream(s);
      if (c != null && out.size() < MAX_ITEMS) {
        out.add(c);
      }
    }
    return List.copyOf(out);
  }

  /** A cleaned subtitle, or null without a usable url or in-torrent location. */
  public static Subtitle subtitle(Subtitle s) {
    if (s == null) {
      return null;
    }
    String url = httpUrl(s.url());
    String hash = infoHash(s.infoHash());
    Integer idx = nonNegative(s.fileIdx());
    if (url == null && (hash == null || idx == null)) {
      return null;
    }
    String id = text(s.id(), MAX_NAME);
    return new Subtitle(id == null ? (url != null ? url : hash + "/" + idx) : id, url, text(s.lang(), 64),
        name(s.label()), hash, idx);
  }

  public static List<Subtitle> subtitles(List<Subtitle> in) {
    return in.stream().map(Untrusted::subtitle).filter(Objects::nonNull).limit(MAX_ITEMS).toList();
  }
}
