package dev.reel.app.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How providers reach the network: GET over http(s) only, with TLS verified by the JDK's default trust store (there is
 * no way to turn that off), a connect and a request timeout, a bounded response body, and an optional
 * {@link DiskCache} consulted before the network and filled after a 200.
 *
 * <p>Thread-safe. Calls block the calling (virtual) thread; an interrupt aborts the request and surfaces as a
 * {@link ProviderException} with the thread's interrupt flag set again.
 */
public final class HttpFetcher {
  /** Largest response body read by default (JSON from a provider). */
  public static final int MAX_BODY = 5 * 1024 * 1024;
  /** Largest .torrent fetched (the engine's limit for a .torrent file). */
  public static final int MAX_TORRENT = 10 * 1024 * 1024;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
  private static final String USER_AGENT = "Reel/0.1";

  private final HttpClient client;
  private final Duration requestTimeout;
  private final DiskCache cache;

  /**
   * @param cache where responses are cached, or null for none
   */
  public HttpFetcher(Duration connectTimeout, Duration requestTimeout, DiskCache cache) {
    this.client = HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NORMAL) // same or safer scheme only: never https to http
        .build();
    this.requestTimeout = requestTimeout;
    this.cache = cache;
  }

  /** Default timeouts, no cache. */
  public static HttpFetcher uncached() {
    return new HttpFetcher(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, null);
  }

  public Optional<DiskCache> cache() {
    return Optional.ofNullable(cache);
  }

  /** Checks that a provider URL may be fetched: absolute http or https with a host. */
  public static URI requireHttp(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("only http and https URLs are allowed, not '" + uri + "'");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("URL has no host: " + uri);
    }
    return uri;
  }

  /**
   * GETs {@code uri} and returns its body, from the cache when an entry younger than {@code ttl} exists.
   *
   * @param ttl how long a cached response stays fresh; {@link Duration#ZERO} bypasses the cache
   * @param maxBytes largest body accepted
   * @throws ProviderException if the host cannot be reached, times out, answers other than 200, or sends more than
   *     {@code maxBytes}
   */
  public byte[] get(URI uri, Duration ttl, int maxBytes) throws ProviderException {
    requireHttp(uri);
    String key = "GET " + uri;
    if (cache != null && !ttl.isZero()) {
      Optional<byte[]> hit = cache.getFresh(key, ttl);
      if (hit.isPresent()) {
        return hit.get();
      }
    }
    byte[] body = fetch(uri, maxBytes);
    if (cache != null && !ttl.isZero()) {
      cache.put(key, body);
    }
    return body;
  }

  /** GETs JSON (at most {@link #MAX_BODY}) and maps it to {@code type}. */
  public <T> T getJson(URI uri, Class<T> type, Duration ttl) throws ProviderException {
    byte[] body = get(uri, ttl, MAX_BODY);
    try {
      return CatalogJson.read(body, type);
    } catch (IOException | IllegalArgumentException e) {
      if (cache != null) {
        cache.remove("GET " + uri);
      }
      throw new ProviderException("malformed JSON from " + hostOf(uri) + " (" + uri.getPath() + "): "
          + firstLine(e.getMessage()), e);
    }
  }

  private byte[] fetch(URI uri, int maxBytes) throws ProviderException {
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(requestTimeout)
        .header("User-Agent", USER_AGENT)
        .header("Accept", "application/json, application/x-bittorrent;q=0.9, */*;q=0.5")
        .GET()
        .build();
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        if (response.statusCode() != 200) {
          throw new ProviderException(hostOf(uri) + " answered HTTP " + response.statusCode() + " for "
              + uri.getPath());
        }
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > maxBytes) {
          throw tooLarge(uri, maxBytes);
        }
        byte[] body = in.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
          throw tooLarge(uri, maxBytes);
        }
        return body;
      }
    } catch (HttpConnectTimeoutException e) {
      throw new ProviderException("cannot connect to " + hostOf(uri) + ": timed out", e);
    } catch (HttpTimeoutException e) {
      throw new ProviderException(hostOf(uri) + " did not answer within " + requestTimeout.toSeconds() + " s", e);
    } catch (ConnectException e) {
      throw new ProviderException("cannot connect to " + hostOf(uri) + ": connection refused", e);
    } catch (IOException e) {
      if (e.getCause() instanceof UnresolvedAddressException) {
        throw new ProviderException("cannot resolve host " + uri.getHost(), e);
      }
      throw new ProviderException("cannot fetch from " + hostOf(uri) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("request to " + hostOf(uri) + " was interrupted", e);
    }
  }

  private static ProviderException tooLarge(URI uri, int maxBytes) {
    return new ProviderException("response from " + hostOf(uri) + " for " + uri.getPath() + " exceeds the limit of "
        + maxBytes + " bytes");
  }

  static String hostOf(URI uri) {
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
