package dev.reel.app.serve;

import dev.reel.app.catalog.FixtureAddon;
import dev.reel.app.catalog.FixtureServer;
import dev.reel.app.catalog.FixtureServer.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** Local fixture servers for the API tests: the Internet Archive's shapes and a Stremio addon. */
final class Fixtures {
  private static final String IA = "/fixtures/archive/";

  private Fixtures() {}

  /** A server with the Archive's search, metadata and download routes, and the fixture addon under /addon. */
  static FixtureServer providers() {
    FixtureServer server = FixtureServer.start()
        .route("/advancedsearch.php", ex -> {
          String q = URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
          if (q.contains("AND (")) {
            return Response.json(FixtureServer.resource(IA + "advancedsearch-search.json"));
          }
          if (q.contains("subject:")) {
            return Response.json(FixtureServer.resource(IA + "advancedsearch-genre.json"));
          }
          return Response.json(FixtureServer.resource(IA + "advancedsearch-browse.json"));
        })
        .route("/metadata/", ex -> {
          String id = ex.getRequestURI().getPath().substring("/metadata/".length());
          if (FixtureServer.class.getResource(IA + "metadata-" + id + ".json") == null) {
            return Response.json("{}".getBytes(StandardCharsets.UTF_8));
          }
          return Response.json(FixtureServer.resource(IA + "metadata-" + id + ".json"));
        })
        .route("/download/", ex -> {
          if (ex.getRequestURI().getPath().equals(
              "/download/CosmosLaundromatFirstCycle/CosmosLaundromatFirstCycle_archive.torrent")) {
            return new Response(200, FixtureServer.resource("/catalog/openmovies/cosmosLaundromat.torrent"),
                "application/x-bittorrent");
          }
          return Response.notFound();
        });
    return FixtureAddon.mount(server);
  }

  /** A server reel-test defaults for one test: every port free, fixtures for the Archive, no tracker scrapes. */
  static ServeConfig config(Path dir, FixtureServer providers) {
    return ServeConfig.defaults(dir.resolve("data"), dir.resolve("cache"))
        .withPorts(0, 0)
        .withArchive(providers.uri("/"), Duration.ofSeconds(3), false);
  }
}
