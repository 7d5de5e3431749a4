package dev.reel.app.catalog;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Poster images for the UI, fetched once and kept in the fetcher's {@link DiskCache}. Only raster images are returned
 * (JPEG, PNG, GIF, WebP, recognized by their first bytes, whatever the server claims): never SVG or HTML, which could
 * carry script. Any failure is an empty answer, and the UI draws a poster of its own. Thread-safe; blocks on the
 * network on a cache miss.
 */
public final class Posters {
  /** Largest poster accepted. */
  public static final int MAX_POSTER = 2 * 1024 * 1024;
  public static final Duration TTL = Duration.ofDays(30);

  /** Image formats accepted, by signature. */
  public enum Format {
    JPEG("image/jpeg"), PNG("image/png"), GIF("image/gif"), WEBP("image/webp");

    public final String mediaType;

    Format(String mediaType) {
      this.mediaType = mediaType;
    }
  }

  /** Image bytes and their format. */
  public record Image(byte[] bytes, Format format) {}

  private final HttpFetcher http;

  public Posters(HttpFetcher http) {
    this.http = http;
  }

  /** The poster at {@code url} if it is an http(s) URL serving a raster image of at most {@link #MAX_POSTER}. */
  public Optional<Image> poster(String url) {
    String u = Untrusted.httpUrl(url);
    if (u == null) {
      return Optional.empty();
    }
    try {
      byte[] b = http.get(URI.create(u), TTL, MAX_POSTER);
      return format(b).map(f -> new Image(b, f));
    } catch (ProviderException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The raster format of these bytes, from their signature. */
  public static Optional<Format> format(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
      return Optional.of(Format.JPEG);
    }
    if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[4] == 0x0d
        && b[5] == 0x0a && b[6] == 0x1a && b[7] == 0x0a) {
      return Optional.of(Format.PNG);
    }
    if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8' && (b[4] == '7' || b[4] == '9')
        && b[5] == 'a') {
      return Optional.of(Format.GIF);
    }
    if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
        && b[10] == 'B' && b[11] == 'P') {
      return Optional.of(Format.WEBP);
    }
    return Optional.empty();
  }
}
