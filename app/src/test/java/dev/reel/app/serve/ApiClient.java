package dev.reel.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client of Reel's JSON API over real HTTP (java.net.http), as the web UI uses it: it fetches the token from
 * {@code GET /api/token} and sends it back as the {@code X-Reel-Token} header and the {@code reel_csrf} cookie.
 */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One answer: status, parsed JSON body (null when empty) and the raw response. */
  record Answer(int status, JsonNode json, HttpResponse<byte[]> raw) {
    String errorCode() {
      return json == null ? null : json.path("error").path("code").asText(null);
    }
  }

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String token;

  ApiClient(URI base) {
    this.base = base;
  }

  URI base() {
    return base;
  }

  String token() {
    if (token == null) {
      token = get("/api/token").path("token").asText();
    }
    return token;
  }

  /** GET expecting 200. */
  JsonNode get(String path) {
    Answer a = send("GET", path, null, null, false);
    assertThat(a.status()).as("GET %s: %s", path, a.json()).isEqualTo(200);
    return a.json();
  }

  Answer call(String method, String path, Object body) {
    return send(method, path, body, null, true);
  }

  /** A request; {@code body} is JSON-serialised (a String is sent as is); the token is sent when asked. */
  Answer send(String method, String path, Object body, String contentType, boolean withToken) {
    try {
      byte[] bytes = body == null ? null : body instanceof byte[] b ? b
          : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
      HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
          .method(method, bytes == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(bytes));
      if (bytes != null) {
        b.header("Content-Type", contentType != null ? contentType : "application/json");
      }
      if (withToken) {
        String t = token();
        b.header("X-Reel-Token", t).header("Cookie", "reel_csrf=" + t);
      }
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode json = null;
      String ct = r.headers().firstValue("Content-Type").orElse("");
      if (r.body().length > 0 && ct.startsWith("application/json")) {
        json = JSON.readTree(r.body());
      }
      return new Answer(r.statusCode(), json, r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GET of raw bytes (a stream), with an optional Range header. */
  HttpResponse<byte[]> bytes(String urlOrPath, String range) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(urlOrPath)).timeout(Duration.ofSeconds(90));
      if (range != null) {
        b.header("Range", range);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
