package dev.reel.app.catalog;

/** Stremio's content types (docs/api/responses/content.types.md). */
public final class ContentTypes {
  public static final String MOVIE = "movie";
  public static final String SERIES = "series";
  public static final String CHANNEL = "channel";
  public static final String TV = "tv";

  private ContentTypes() {}
}
