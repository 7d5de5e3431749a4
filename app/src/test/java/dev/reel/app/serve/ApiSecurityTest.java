package dev.reel.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.app.catalog.FixtureServer;
import dev.reel.app.server.RawHttp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 5, item 8: Host check, token on every state change, GET changes nothing, no CORS, CSP, LAN needs a password. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApiSecurityTest {
  private static final String HASH = "0123456789abcdef0123456789abcdef01234567";
  private static final String ITEM = "provider=reel.openmovies&type=movie&id=reel-open:sintel";

  @TempDir Path tmp;
  private FixtureServer fixtures;
  private ReelServer reel;
  private ApiClient api;

  /** Every state-changing route, with a body it would accept. */
  private record StateRoute(String method, String path, Object body) {}

  private static List<StateRoute> stateRoutes() {
    Map<String, Object> fav = Map.of("provider", "reel.openmovies", "type", "movie", "id", "reel-open:sintel",
        "title", "Sintel");
    return List.of(
        new StateRoute("POST", "/api/play", Map.of("magnet", "magnet:?xt=urn:btih:" + HASH)),
        new StateRoute("DELETE", "/api/sessions/abcdef", null),
        new StateRoute("POST", "/api/sessions/abcdef/keep", null),
        new StateRoute("POST", "/api/sessions/abcdef/open", Map.of("player", "mpv")),
        new StateRoute("POST", "/api/library/favourites", fav),
        new StateRoute("DELETE", "/api/library/favourites?" + ITEM, null),
        new StateRoute("POST", "/api/library/watchlist", fav),
        new StateRoute("DELETE", "/api/library/watchlist?" + ITEM, null),
        new StateRoute("POST", "/api/library/watched", fav),
        new StateRoute("DELETE", "/api/library/watched?" + ITEM + "&videoId=reel-open:sintel", null),
        new StateRoute("PUT", "/api/library/positions", Map.of("provider", "reel.openmovies", "type", "movie",
            "id", "reel-open:sintel", "position", 12.0, "duration", 100.0)),
        new StateRoute("DELETE", "/api/library/history/1", null),
        new StateRoute("DELETE", "/api/library/history", null),
        new StateRoute("PUT", "/api/settings", Map.of("clearOnExit", true)),
        new StateRoute("POST", "/api/providers", Map.of("manifestUrl", "http://127.0.0.1:1/manifest.json")),
        new StateRoute("PUT", "/api/providers/order", Map.of("ids", List.of("reel.mine", "reel.archive",
            "reel.openmovies"))),
        new StateRoute("PUT", "/api/providers/reel.archive", Map.of("enabled", false)),
        new StateRoute("DELETE", "/api/providers/reel.archive", null),
        new StateRoute("POST", "/api/torrents", Map.of("magnet", "magnet:?xt=urn:btih:" + HASH)),
        new StateRoute("DELETE", "/api/torrents/" + HASH, null),
        new StateRoute("DELETE", "/api/cache/" + HASH, null),
        new StateRoute("POST", "/api/transfers", Map.of("magnet", "magnet:?xt=urn:btih:" + HASH)),
        new StateRoute("POST", "/api/transfers/" + HASH + "/pause", null),
        new StateRoute("POST", "/api/transfers/" + HASH + "/resume", null),
        new StateRoute("PUT", "/api/transfers/" + HASH + "/files/0", Map.of("priority", "skip")),
        new StateRoute("DELETE", "/api/transfers/" + HASH + "?deleteFiles=true", null),
        new StateRoute("POST", "/api/sessions/abcdef/download", null),
        new StateRoute("POST", "/api/login", Map.of("password", "x")));
  }

  @BeforeEach
  void start() throws Exception {
    fixtures = Fixtures.providers();
    reel = ReelServer.start(Fixtures.config(tmp, fixtures), "test");
    api = new ApiClient(reel.uri());
  }

  @AfterEach
  void stop() {
    reel.close();
    fixtures.close();
  }

  /** Everything a user could see of the server's state. */
  private String state() {
    StringBuilder b = new StringBuilder();
    for (String p : List.of("/api/library/favourites", "/api/library/watchlist", "/api/library/history",
        "/api/library/positions", "/api/library/watched?" + ITEM, "/api/settings", "/api/providers",
        "/api/sessions", "/api/torrents", "/api/cache", "/api/transfers")) {
      b.append(p).append(' ').append(api.get(p)).append('\n');
    }
    return b.toString();
  }

  @Test
  void aForeignHostGets421() throws Exception {
    int port = reel.port();
    RawHttp.Reply evil = RawHttp.exchange(port, "GET /api/settings HTTP/1.1", "Host: evil.example:" + port,
        "Connection: close");
    assertThat(evil.status()).isEqualTo(421);
    RawHttp.Reply rebinding = RawHttp.exchange(port, "POST /api/settings HTTP/1.1", "Host: attacker.test",
        "Content-Length: 0", "Connection: close");
    assertThat(rebinding.status()).isEqualTo(421);
    RawHttp.Reply ok = RawHttp.exchange(port, "GET /api/info HTTP/1.1", "Host: localhost:" + port,
        "Connection: close");
    assertThat(ok.status()).isEqualTo(200);
  }

  @Test
  void everyStateChangeWithoutTheTokenIs403() {
    String before = state();
    for (StateRoute r : stateRoutes()) {
      ApiClient.Answer none = api.send(r.method(), r.path(), r.body(), null, false);
      assertThat(none.status()).as("%s %s without token", r.method(), r.path()).isEqualTo(403);
      assertThat(none.errorCode()).isEqualTo("forbidden");
    }
    // a token in the header only (no cookie), a wrong token in both, or a cookie only: all refused
    String token = api.token();
    for (String[] headers : List.of(new String[] {"X-Reel-Token", token},
        new String[] {"X-Reel-Token", "wrong", "Cookie", "reel_csrf=wrong"},
        new String[] {"Cookie", "reel_csrf=" + token},
        new String[] {"X-Reel-Token", token, "Cookie", "reel_csrf=" + token + "x"})) {
      try {
        var b = java.net.http.HttpRequest.newBuilder(reel.uri().resolve("/api/settings"))
            .method("PUT", java.net.http.HttpRequest.BodyPublishers.ofString("{\"clearOnExit\":true}"))
            .header("Content-Type", "application/json").headers(headers);
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(b.build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("headers %s", List.of(headers)).isEqualTo(403);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    assertThat(state()).isEqualTo(before);
  }

  /** A path that {@code regex} matches: each capture group replaced by the first sample value it accepts. */
  private static String samplePath(String regex) {
    java.util.regex.Matcher g = java.util.regex.Pattern.compile("\\(([^()]*)\\)").matcher(regex);
    StringBuilder b = new StringBuilder();
    while (g.find()) {
      String inner = g.group(1);
      String sample = java.util.stream.Stream.of("1", "abcdef", HASH, "reel.archive")
          .filter(v -> v.matches(inner)).findFirst().orElseThrow(() -> new AssertionError("no sample for " + inner));
      g.appendReplacement(b, java.util.regex.Matcher.quoteReplacement(sample));
    }
    g.appendTail(b);
    String path = b.toString();
    assertThat(path).as("sample for %s", regex).matches(regex);
    return path;
  }

  /** Every route the API has, found from the router itself: a new route cannot escape the rules by being forgotten. */
  @Test
  void everyRouteFollowsTheRules() {
    List<dev.reel.app.api.ApiHandler.RouteSpec> routes = reel.apiRoutes();
    assertThat(routes).hasSizeGreaterThan(30);
    List<String> stateChanging = new ArrayList<>();
    for (var r : routes) {
      assertThat(r.method()).isIn("GET", "POST", "PUT", "DELETE");
      if (!r.method().equals("GET")) {
        stateChanging.add(r.method() + " " + r.regex());
        String path = samplePath(r.regex());
        ApiClient.Answer none = api.send(r.method(), path, Map.of(), null, false);
        assertThat(none.status()).as("%s %s without token", r.method(), path).isEqualTo(403);
      }
    }
    // the hand-written list above (with bodies the routes accept) names every state-changing route
    for (String route : stateChanging) {
      String method = route.substring(0, route.indexOf(' '));
      String regex = route.substring(route.indexOf(' ') + 1);
      assertThat(stateRoutes()).as("stateRoutes() covers %s", route).anyMatch(s -> s.method().equals(method)
          && s.path().replaceFirst("\\?.*", "").matches(regex));
    }
    // and no GET route changes anything, whatever it is asked
    String before = state();
    for (var r : routes) {
      if (r.method().equals("GET")) {
        String path = samplePath(r.regex());
        for (String query : List.of("", "?" + ITEM + "&videoId=reel-open:sintel&q=x&skip=0&limit=1")) {
          ApiClient.Answer get = api.send("GET", path + query, null, null, true);
          assertThat(get.status()).as("GET %s%s", path, query).isIn(200, 400, 404, 409, 502);
        }
      }
    }
    assertThat(state()).isEqualTo(before);
  }

  /** A refused body is not read, so the connection is closed and the answer says so; later requests still work. */
  @Test
  void aRefusedBodyClosesTheConnectionAndSaysSo() throws Exception {
    int port = reel.port();
    String body = "{\"clearOnExit\":true}";
    RawHttp.Reply refused = RawHttp.exchange(port, "PUT /api/settings HTTP/1.1", "Host: 127.0.0.1:" + port,
        "Content-Type: application/json", "Content-Length: " + body.length(), "", body);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.headers().get("connection")).isEqualToIgnoringCase("close");
    for (int i = 0; i < 20; i++) {
      assertThat(api.send("PUT", "/api/settings", Map.of("clearOnExit", true), null, false).status()).isEqualTo(403);
    }
  }

  /** Hostile request bodies: deep nesting and oversize are refused before they cost anything. */
  @Test
  void jsonBombsAreRefused() {
    String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
    ApiClient.Answer nested = api.call("PUT", "/api/settings", deep);
    assertThat(nested.status()).isEqualTo(400);
    assertThat(nested.json().path("error").path("message").asText()).contains("nesting depth");
    String arrays = "{\"ids\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    assertThat(api.call("PUT", "/api/providers/order", arrays).status()).isEqualTo(400);
    String huge = "{\"magnet\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";
    ApiClient.Answer big = api.call("POST", "/api/torrents", huge);
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.errorCode()).isEqualTo("payload_too_large");
  }

  @Test
  void getNeverChangesState() {
    // some state that the DELETE-shaped routes would remove
    api.call("POST", "/api/library/favourites", Map.of("provider", "reel.openmovies", "type", "movie",
        "id", "reel-open:sintel", "title", "Sintel"));
    api.call("POST", "/api/library/watched", Map.of("provider", "reel.openmovies", "type", "movie",
        "id", "reel-open:sintel"));
    api.call("POST", "/api/torrents", Map.of("magnet", "magnet:?xt=urn:btih:" + HASH));
    String before = state();
    List<String> statuses = new ArrayList<>();
    for (StateRoute r : stateRoutes()) {
      for (boolean token : new boolean[] {false, true}) {
        ApiClient.Answer get = api.send("GET", r.path(), null, null, token);
        statuses.add(r.path() + " " + get.status());
        assertThat(get.status()).as("GET %s", r.path()).isIn(200, 400, 404, 405);
      }
    }
    assertThat(state()).isEqualTo(before);
    assertThat(statuses).anyMatch(s -> s.endsWith(" 405"));
  }

  @Test
  void noCorsHeadersAndThePageHasItsPolicy() {
    HttpResponse<byte[]> page = api.bytes("/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'self'").contains("script-src 'self'").contains("frame-ancestors 'none'");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith("reel_csrf=" + api.token()).contains("HttpOnly").contains("SameSite=Strict")
        .contains("Path=/");
    assertThat(new String(page.body(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("<meta name=\"reel-token\" content=\"" + api.token() + "\">");

    HttpResponse<byte[]> route = api.bytes("/details/movie/abc", null);
    assertThat(route.statusCode()).as("client-side route falls back to index.html").isEqualTo(200);
    assertThat(api.bytes("/nothing.js", null).statusCode()).isEqualTo(404);

    for (String path : List.of("/", "/api/info", "/api/search?q=x", "/api/token")) {
      try {
        var req = java.net.http.HttpRequest.newBuilder(reel.uri().resolve(path))
            .header("Origin", "https://evil.example").build();
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(req,
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control"));
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void lanModeWithoutAPasswordIsRefused() {
    ServeConfig lan = Fixtures.config(tmp.resolve("lan"), fixtures).withLan(true, null);
    assertThatThrownBy(() -> ReelServer.start(lan, "test")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("password");
    ServeConfig blank = Fixtures.config(tmp.resolve("lan"), fixtures).withLan(true, "  ");
    assertThatThrownBy(() -> ReelServer.start(blank, "test")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lanModeLetsLoopbackInAndChecksThePassword() throws Exception {
    try (ReelServer lan = ReelServer.start(Fixtures.config(tmp.resolve("lan"), fixtures).withLan(true, "s3cret"),
        "test")) {
      ApiClient local = new ApiClient(lan.uri());
      assertThat(local.get("/api/info").path("lan").asBoolean()).isTrue();
      assertThat(local.get("/api/settings").has("cacheLimitBytes")).isTrue();
      ApiClient.Answer wrong = local.call("POST", "/api/login", Map.of("password", "nope"));
      assertThat(wrong.status()).isEqualTo(401);
      ApiClient.Answer right = local.call("POST", "/api/login", Map.of("password", "s3cret"));
      assertThat(right.status()).isEqualTo(204);
      assertThat(right.raw().headers().firstValue("Set-Cookie").orElseThrow()).startsWith("reel_auth=")
          .contains("HttpOnly").contains("SameSite=Strict");
    }
  }

  @Test
  void lanPasswordGuessingIsThrottled() throws Exception {
    try (ReelServer lan = ReelServer.start(Fixtures.config(tmp.resolve("lan"), fixtures).withLan(true, "s3cret"),
        "test")) {
      ApiClient client = new ApiClient(lan.uri());
      for (int i = 0; i < 10; i++) {
        assertThat(client.call("POST", "/api/login", Map.of("password", "guess" + i)).status()).isEqualTo(401);
      }
      ApiClient.Answer throttled = client.call("POST", "/api/login", Map.of("password", "s3cret"));
      assertThat(throttled.status()).as("even the right password waits after 10 wrong ones").isEqualTo(429);
      assertThat(throttled.errorCode()).isEqualTo("too_many_requests");
    }
  }

  @Test
  void lanModeAcceptsTheMachinesAddressesAsHost() throws Exception {
    java.util.Set<String> names = ReelServer.lanNames();
    String ip = names.stream().filter(n -> n.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")).findFirst().orElse(null);
    org.junit.jupiter.api.Assumptions.assumeTrue(ip != null, "this machine has no non-loopback IPv4 address");
    try (ReelServer lan = ReelServer.start(Fixtures.config(tmp.resolve("lan"), fixtures).withLan(true, "pw"),
        "test")) {
      int port = lan.port();
      // sent over loopback (tests stay on 127.0.0.1), named as a phone on the LAN would name it
      RawHttp.Reply ok = RawHttp.exchange(port, "GET /api/info HTTP/1.1", "Host: " + ip + ":" + port,
          "Connection: close");
      assertThat(ok.status()).isEqualTo(200);
      RawHttp.Reply evil = RawHttp.exchange(port, "GET /api/info HTTP/1.1", "Host: evil.example:" + port,
          "Connection: close");
      assertThat(evil.status()).isEqualTo(421);
    }
    // loopback-only mode refuses the LAN name
    RawHttp.Reply refused = RawHttp.exchange(reel.port(), "GET /api/info HTTP/1.1",
        "Host: " + ip + ":" + reel.port(), "Connection: close");
    assertThat(refused.status()).isEqualTo(421);
  }
}
