package dev.reel.app.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.OptionalInt;

/**
 * Stremio's Meta Preview object: one item of a catalog. Immutable; optional fields are null (lists empty).
 *
 * @param id item id, unique in its provider and prefixed with one of its manifest's {@code idPrefixes}
 * @param type content type ({@link ContentTypes})
 * @param name title
 * @param poster http(s) URL of the poster (the UI draws one when missing or unreachable)
 * @param posterShape {@code poster} (default), {@code square} or {@code landscape}
 * @param genres genres, as the provider names them
 * @param releaseInfo year, or {@code 2000-2014} / {@code 2000-} for series
 * @param description a few sentences, plain text
 * @param imdbRating IMDb rating "0.0".."10.0"
 * @param added extension: ISO 8601 instant the item was added to its provider (for "recently added")
 */
public record MetaPreview(String id, String type, String name, String poster, String posterShape, List<String> genres,
    String releaseInfo, String description, String imdbRating, String added) {

  public MetaPreview {
    genres = Lists.clean(genres);
  }

  /** The first year in {@code releaseInfo} ("2008", "2000-2014" gives 2000), if any. */
  @JsonIgnore
  public OptionalInt year() {
    return Years.first(releaseInfo);
  }

  /** {@link #added()} parsed, or null when absent or malformed. */
  @JsonIgnore
  public Instant addedInstant() {
    if (added == null) {
      return null;
    }
    try {
      return Instant.parse(added);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
