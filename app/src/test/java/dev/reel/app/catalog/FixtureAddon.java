package dev.reel.app.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * A Stremio-protocol addon for tests, served by a {@link FixtureServer} under {@code /addon}: every response is in
 * {@code /fixtures/addon/routes.json}, keyed by the decoded request path.
 */
public final class FixtureAddon {
  private static final JsonNode ROUTES;

  static {
    try {
      ROUTES = new ObjectMapper().readTree(FixtureServer.resource("/fixtures/addon/routes.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private FixtureAddon() {}

  /** Mounts the addon on the server; its manifest is at {@link #manifestUrl}. */
  public static FixtureServer mount(FixtureServer server) {
    return server.route("/addon/", ex -> {
      String path = ex.getRequestURI().getPath().substring("/addon".length());
      JsonNode body = ROUTES.get(path);
      if (body == null) {
        return FixtureServer.Response.notFound();
      }
      return FixtureServer.Response.json(new ObjectMapper().writeValueAsBytes(body));
    });
  }

  public static URI manifestUrl(FixtureServer server) {
    return server.uri("/addon/manifest.json");
  }
}
