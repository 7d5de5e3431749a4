package dev.reel.app.catalog.archive;

import dev.reel.app.catalog.FixtureServer;
import dev.reel.app.catalog.FixtureServer.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The Internet Archive on a local fixture server: search (browse, genre, text) of the feature films and of the
 * {@code classic_tv} shows, metadata ({@code {}} for an unknown item, as the Archive answers) and the downloadable
 * .torrent files (Cosmos Laundromat's real one, and {@link TvFixture}'s show), with answers of the documented shapes.
 */
public final class ArchiveFixture {
  private static final String FIXTURES = "/fixtures/archive/";

  private ArchiveFixture() {}

  /** Adds the Archive's routes to {@code server}; returns it. */
  public static FixtureServer mount(FixtureServer server) {
    return mount(server, true);
  }

  /**
   * Adds the Archive's routes; with {@code showsUp} false, every search of the shows' collection fails with a 503 (the
   * films still answer).
   */
  public static FixtureServer mount(FixtureServer server, boolean showsUp) {
    return server
        .route("/advancedsearch.php", ex -> {
          String q = URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
          if (q.contains("collection:classic_tv")) {
            if (!showsUp) {
              return new Response(503, "search is overloaded".getBytes(StandardCharsets.UTF_8), "text/plain");
            }
            if (q.contains(") AND (")) { // a search, after the licence clause
              return Response.json(FixtureServer.resource(FIXTURES + "tv-advancedsearch-search.json"));
            }
            if (q.contains("subject:")) {
              return Response.json(FixtureServer.resource(FIXTURES + "tv-advancedsearch-genre.json"));
            }
            return Response.json(FixtureServer.resource(FIXTURES + "tv-advancedsearch-browse.json"));
          }
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
          if (ex.getRequestURI().getPath().equals(
              "/download/" + TvFixture.SHOW + "/" + TvFixture.SHOW + "_archive.torrent")) {
            return new Response(200, TvFixture.torrent(), "application/x-bittorrent");
          }
          return Response.notFound();
        });
  }
}
