package dev.reel.engine.webseed;

import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.Metainfo;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The URL of each file of a torrent on one web seed (BEP 19). Immutable and thread-safe.
 *
 * <ul>
 *   <li>Single-file torrent: a base ending in {@code '/'} is a folder and the torrent's name is appended; any other
 *       base is the file's own URL, used verbatim (Big Buck Bunny's {@code url-list} is such a file URL).
 *   <li>Multi-file torrent: the base is a folder whether or not it ends in {@code '/'}; the URL is {@code base [+ '/']
 *       + name + '/' + path elements joined by '/'} (the Internet Archive's {@code https://archive.org/download/} +
 *       item id + file path).
 * </ul>
 *
 * <p>The name and every path element are percent-encoded as one path segment: their UTF-8 bytes, keeping only the
 * RFC 3986 unreserved characters ({@code A-Z a-z 0-9 - . _ ~}); a space becomes {@code %20} (never {@code '+'}), and
 * {@code '/'}, {@code '%'}, {@code '?'} and {@code '#'} inside an element are escaped too, so an element can never
 * change the URL's structure. The base is used as given (it is already a URL); a base with a query or fragment
 * cannot take a path appended and is rejected when it would need one.
 */
public final class WebSeedUrls {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final String base;
  private final List<FileEntry> files;
  /** For a folder-style base: the base with a '/' and, for multi-file torrents, the encoded name and a '/'. */
  private final String prefix;
  /** For a single-file torrent with a file-style base: the file's URL. */
  private final URI singleFileUri;

  private WebSeedUrls(String base, List<FileEntry> files, String prefix, URI singleFileUri) {
    this.base = base;
    this.files = files;
    this.prefix = prefix;
    this.singleFileUri = singleFileUri;
  }

  /**
   * The URLs of {@code meta}'s files on the web seed {@code base}.
   *
   * @throws IllegalArgumentException if {@code base} is not a usable http(s) URL ({@link #isSupported}) or has a
   *     query or fragment while a path must be appended to it
   */
  public static WebSeedUrls of(Metainfo meta, String base) {
    return of(meta.name(), meta.multiFile(), meta.files(), base);
  }

  /** As {@link #of(Metainfo, String)}, from the torrent's name, shape and files. */
  public static WebSeedUrls of(String name, boolean multiFile, List<FileEntry> files, String base) {
    Objects.requireNonNull(name, "name");
    URI uri = parse(base);
    if (!multiFile && !base.endsWith("/")) {
      return new WebSeedUrls(base, List.copyOf(files), null, uri);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("web seed " + base + " has a query or fragment; BEP 19 needs a folder URL "
          + "to which the file's path can be appended");
    }
    String folder = base.endsWith("/") ? base : base + "/";
    String prefix = multiFile ? folder + encodeSegment(name) + "/" : folder;
    return new WebSeedUrls(base, List.copyOf(files), prefix, null);
  }

  /**
   * Whether a {@code url-list} entry or magnet {@code ws} can be used: an absolute http or https URL with a host.
   * BEP 19: a client ignores protocols it does not know (ftp here).
   */
  public static boolean isSupported(String url) {
    try {
      parse(url);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The web seed's URL as given. */
  public String base() {
    return base;
  }

  /**
   * The URL of file {@code fileIndex} (an index into the torrent's files). Padding files have a URL too, but BEP 47
   * says not to request them, and {@link PieceSpan} never does.
   */
  public URI fileUri(int fileIndex) {
    FileEntry f = files.get(Objects.checkIndex(fileIndex, files.size()));
    if (singleFileUri != null) {
      return singleFileUri;
    }
    StringBuilder b = new StringBuilder(prefix);
    List<String> path = f.path();
    for (int i = 0; i < path.size(); i++) {
      if (i > 0) {
        b.append('/');
      }
      b.append(encodeSegment(path.get(i)));
    }
    return URI.create(b.toString());
  }

  /** Percent-encodes {@code s} as one URL path segment (UTF-8; unreserved characters kept; space is %20). */
  public static String encodeSegment(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder(utf8.length + 16);
    for (byte x : utf8) {
      int c = x & 0xFF;
      if (isUnreserved(c)) {
        b.append((char) c);
      } else {
        b.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xF]);
      }
    }
    return b.toString();
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }

  // Checks that url is an absolute http(s) URL with a host.
  private static URI parse(String url) {
    Objects.requireNonNull(url, "url");
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("web seed URL is not a valid URL: " + url + " (" + e.getMessage() + ")", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("web seed URL " + url + " is not http or https");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("web seed URL " + url + " has no host");
    }
    return uri;
  }

  @Override
  public String toString() {
    return "WebSeedUrls[" + base + "]";
  }
}
