package dev.reel.app.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.OptionalInt;

/**
 * Stremio's Meta object: the details page of one item; for a series, its episodes in {@code videos}. Immutable;
 * optional fields are null (lists empty).
 *
 * <p>Fields shared with {@link MetaPreview} mean the same. A movie has no {@code videos}: its one video has the item's
 * id.
 *
 * @param background http(s) URL of a background image
 * @param logo http(s) URL of a logo
 * @param released ISO 8601 first release
 * @param director directors' names
 * @param cast cast names
 * @param runtime human-readable runtime, e.g. "10 min"
 * @param language spoken language
 * @param country country of origin
 * @param website official site (http(s))
 * @param links Stremio meta links
 * @param videos episodes of a series (or videos of a channel)
 * @param behaviorHints Stremio's meta hints
 * @param licence extension: the licence of the work, when the provider knows it
 */
public record MetaDetail(String id, String type, String name, String poster, String posterShape, String background,
    String logo, String description, String releaseInfo, String released, List<String> genres, List<String> director,
    List<String> cast, String imdbRating, String runtime, String language, String country, String website,
    List<MetaLink> links, List<Video> videos, MetaHints behaviorHints, Licence licence, String added) {

  /** Stremio's {@code meta.behaviorHints}: {@code defaultVideoId} opens the details page on that video. */
  public record MetaHints(String defaultVideoId) {}

  public MetaDetail {
    genres = Lists.clean(genres);
    director = Lists.clean(director);
    cast = Lists.clean(cast);
    links = Lists.clean(links);
    videos = Lists.clean(videos);
  }

  /** The catalog view of this item. */
  public MetaPreview preview() {
    return new MetaPreview(id, type, name, poster, posterShape, genres, releaseInfo, description, imdbRating, added);
  }

  @JsonIgnore
  public OptionalInt year() {
    return Years.first(releaseInfo);
  }

  /** Episodes of the given season, in episode order. */
  public List<Video> season(int season) {
    return videos.stream().filter(v -> v.season() != null && v.season() == season)
        .sorted(java.util.Comparator.comparing(v -> v.episode() == null ? Integer.MAX_VALUE : v.episode()))
        .toList();
  }

  /** A builder, since details have many optional fields. */
  public static Builder builder(String id, String type, String name) {
    return new Builder(id, type, name);
  }

  /** Mutable builder for {@link MetaDetail}; not thread-safe. */
  public static final class Builder {
    private final String id;
    private final String type;
    private final String name;
    private String poster;
    private String posterShape;
    private String background;
    private String logo;
    private String description;
    private String releaseInfo;
    private String released;
    private List<String> genres = List.of();
    private List<String> director = List.of();
    private List<String> cast = List.of();
    private String imdbRating;
    private String runtime;
    private String language;
    private String country;
    private String website;
    private List<MetaLink> links = List.of();
    private List<Video> videos = List.of();
    private MetaHints behaviorHints;
    private Licence licence;
    private String added;

    private Builder(String id, String type, String name) {
      this.id = id;
      this.type = type;
      this.name = name;
    }

    public Builder poster(String v) { poster = v; return this; }
    public Builder posterShape(String v) { posterShape = v; return this; }
    public Builder background(String v) { background = v; return this; }
    public Builder logo(String v) { logo = v; return this; }
    public Builder description(String v) { description = v; return this; }
    public Builder releaseInfo(String v) { releaseInfo = v; return this; }
    public Builder released(String v) { released = v; return this; }
    public Builder genres(List<String> v) { genres = v; return this; }
    public Builder director(List<String> v) { director = v; return this; }
    public Builder cast(List<String> v) { cast = v; return this; }
    public Builder imdbRating(String v) { imdbRating = v; return this; }
    public Builder runtime(String v) { runtime = v; return this; }
    public Builder language(String v) { language = v; return this; }
    public Builder country(String v) { country = v; return this; }
    public Builder website(String v) { website = v; return this; }
    public Builder links(List<MetaLink> v) { links = v; return this; }
    public Builder videos(List<Video> v) { videos = v; return this; }
    public Builder behaviorHints(MetaHints v) { behaviorHints = v; return this; }
    public Builder licence(Licence v) { licence = v; return this; }
    public Builder added(String v) { added = v; return this; }

    public MetaDetail build() {
      return new MetaDetail(id, type, name, poster, posterShape, background, logo, description, releaseInfo, released,
          genres, director, cast, imdbRating, runtime, language, country, website, links, videos, behaviorHints,
          licence, added);
    }
  }
}
