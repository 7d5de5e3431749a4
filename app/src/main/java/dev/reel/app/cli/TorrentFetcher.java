package dev.reel.app.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.OptionalLong;
import javax.net.ssl.SSLException;

/**
 * Fetches a .torrent over http(s) with java.net.http: TLS verified (the JDK's trust store, no way to turn it off),
 * redirects followed (never https to http), at most {@link #MAX_TORRENT_BYTES}. Every failure is a one-line
 * {@link CliException} naming the URL.
 */
final class TorrentFetcher {
  /** The issue's .torrent size limit (libtorrent's). */
  static final int MAX_TORRENT_BYTES = 10 * 1024 * 1024;

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private TorrentFetcher() {}

  static byte[] fetch(URI url) throws CliException, InterruptedException {
    try (HttpClient client =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(TIMEOUT).build()) {
      HttpRequest request =
          HttpRequest.newBuilder(url)
              .timeout(TIMEOUT)
              .header("User-Agent", "reel/" + ReelCommand.version())
              .header("Accept", "application/x-bittorrent, */*")
              .GET()
              .build();
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        int status = response.statusCode();
        if (status != 200) {
          throw CliException.error("could not fetch " + url + ": HTTP " + status + reason(status));
        }
        OptionalLong declared = response.headers().firstValueAsLong("Content-Length");
        if (declared.isPresent() && declared.getAsLong() > MAX_TORRENT_BYTES) {
          throw tooLarge(url);
        }
        return readLimited(body, url);
      }
    } catch (HttpTimeoutException e) {
      throw CliException.error("could not fetch " + url + ": timed out after " + TIMEOUT.toSeconds() + " s", e);
    } catch (ConnectException e) {
      throw CliException.error("could not fetch " + url + ": connection refused or unreachable", e);
    } catch (SSLException e) {
      throw CliException.error("could not fetch " + url + ": TLS failure: " + e.getMessage(), e);
    } catch (IOException e) {
      String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      throw CliException.error("could not fetch " + url + ": " + why, e);
    } catch (IllegalArgumentException e) {
      throw CliException.error("not a valid URL: " + url + " (" + e.getMessage() + ")", e);
    }
  }

  private static byte[] readLimited(InputStream in, URI url) throws IOException, CliException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    int n;
    while ((n = in.read(buf)) >= 0) {
      out.write(buf, 0, n);
      if (out.size() > MAX_TORRENT_BYTES) {
        throw tooLarge(url);
      }
    }
    return out.toByteArray();
  }

  private static CliException tooLarge(URI url) {
    return CliException.error("could not fetch " + url + ": larger than " + (MAX_TORRENT_BYTES >> 20)
        + " MiB, so not a .torrent file");
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> " Bad Request";
      case 401 -> " Unauthorized";
      case 403 -> " Forbidden";
      case 404 -> " Not Found";
      case 410 -> " Gone";
      case 429 -> " Too Many Requests";
      case 500 -> " Internal Server Error";
      case 502 -> " Bad Gateway";
      case 503 -> " Service Unavailable";
      default -> "";
    };
  }
}
