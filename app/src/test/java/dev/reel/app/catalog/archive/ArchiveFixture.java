package dev.reel.app.catalog.archive;

import dev.reel.app.catalog.FixtureServer;
import dev.reel.app.catalog.FixtureServer.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The Internet Archive on a local fixture server: search (browse, genre, text), metadata ({@code {}} for an unknown
 * item, as the Archive answers) and the one downloadable .torrent, with answers of the documented shapes.
 */
public final class ArchiveFixture {
  private static final String FIXTURES = "/fixtures/archive/";

  private ArchiveFixture() {}

  /** Adds the Archive's routes to {@code server}; returns it. */
  public static FixtureServer mount(FixtureServer server) {
    return server
        .route("/advancedsearch.php", ex -> {
          String q = URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
          if (q.contains("AND (")) {
            return Response.json(FixtureServer.resource(FIXTURES + "advancedsearch-search.json"));
          }
          if (q.contains("subject:")) {
            return Response.json(FixtureServer.resource(FIXTURES + "advancedsearch-genre.json"));
          }
          return Response.json(FixtureServer.resource(FIXTURES + "advancedsearch-browse.json"));
        })
        .route("/metadata/", ex -> {
          String id = ex.getRequestURI().getPath().substring("/metadata/".length());
          if (FixtureServer.class.getResource(FIXTURES + "metadata-" + id + ".json") == null) {
            return Response.json("{}".getBytes(StandardCharsets.UTF_8)); // what the Archive answers for no item
          }
          return Response.json(FixtureServer.resource(FIXTURES + "metadata-" + id + ".json"));
        })
        .route("/download/", ex -> {
          if (ex.getRequestURI().getPath().equals(
              "/download/CosmosLaundromatFirstCycle/CosmosLaundromatFirstCycle_archive.torrent")) {
            return new Response(200, FixtureServer.resource("/catalog/openmovies/cosmosLaundromat.torrent"),
                "application/x-bittorrent");
          }
          return Response.notFound();
        });
  }
}
