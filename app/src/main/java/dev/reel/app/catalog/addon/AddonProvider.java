package dev.reel.app.catalog.addon;

import dev.reel.app.catalog.CatalogJson;
import dev.reel.app.catalog.CatalogRequest;
import dev.reel.app.catalog.HttpFetcher;
import dev.reel.app.catalog.Manifest;
import dev.reel.app.catalog.MetaDetail;
import dev.reel.app.catalog.MetaPreview;
import dev.reel.app.catalog.Provider;
import dev.reel.app.catalog.ProviderException;
import dev.reel.app.catalog.Stream;
import dev.reel.app.catalog.Subtitle;
import dev.reel.app.catalog.UriText;
import dev.reel.app.catalog.Untrusted;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A Stremio addon reached by the URL of its {@code manifest.json}. Resources are requested as the protocol says:
 * {@code {base}/{resource}/{type}/{id}.json}, or {@code {base}/catalog/{type}/{id}/{extra}.json} with extras, where
 * {@code base} is the manifest URL without {@code /manifest.json} and path parts are escaped like encodeURIComponent.
 *
 * <p>Only http and https are allowed (checked here and by {@link HttpFetcher}, which also verifies TLS and bounds every
 * response to {@link HttpFetcher#MAX_BODY}). The manifest is fetched on first use and cached for
 * {@link #MANIFEST_TTL}; resources for {@link #RESOURCE_TTL} when the fetcher has a disk cache. Requests the manifest
 * does not declare (a resource, type or id prefix it does not serve) are refused without a network call. Everything
 * returned is cleaned with {@link Untrusted}.
 *
 * <p>Thread-safe; calls block on the network.
 */
public final class AddonProvider implements Provider {
  public static final Duration MANIFEST_TTL = Duration.ofHours(12);
  public static final Duration RESOURCE_TTL = Duration.ofMinutes(30);
  private static final String MANIFEST = "/manifest.json";

  private final URI manifestUrl;
  private final String base;
  private final HttpFetcher http;
  private volatile Manifest manifest;

  /**
   * @throws IllegalArgumentException if the URL is not http(s) or does not end in {@code /manifest.json}
   */
  public AddonProvider(URI manifestUrl, HttpFetcher http) {
    HttpFetcher.requireHttp(manifestUrl);
    String s = manifestUrl.toString();
    if (manifestUrl.getRawQuery() != null || manifestUrl.getRawFragment() != null || !s.endsWith(MANIFEST)) {
      throw new IllegalArgumentException("an addon URL ends in /manifest.json (without query): " + manifestUrl);
    }
    this.manifestUrl = manifestUrl;
    this.base = s.substring(0, s.length() - MANIFEST.length());
    this.http = http;
  }

  public URI manifestUrl() {
    return manifestUrl;
  }

  @Override
  public String key() {
    return "addon:" + manifestUrl;
  }

  @Override
  public String name() {
    Manifest m = manifest;
    return m != null && m.name() != null ? m.name() : manifestUrl.getHost();
  }

  @Override
  public Manifest manifest() throws ProviderException {
    Manifest m = manifest;
    if (m != null) {
      return m;
    }
    m = http.getJson(manifestUrl, Manifest.class, MANIFEST_TTL);
    if (m == null || Untrusted.text(m.id(), 200) == null || Untrusted.name(m.name()) == null
        || Untrusted.text(m.version(), 100) == null) {
      throw new ProviderException("the manifest at " + manifestUrl + " lacks an id, a name or a version");
    }
    m = new Manifest(Untrusted.text(m.id(), 200), Untrusted.name(m.name()), Untrusted.text(m.version(), 100),
        Untrusted.text(m.description(), Untrusted.MAX_DESCRIPTION), m.types(), m.catalogs(), m.resources(),
        m.idPrefixes(), Untrusted.httpUrl(m.logo()), Untrusted.httpUrl(m.background()), m.behaviorHints());
    manifest = m;
    return m;
  }

  private URI resource(String resource, String type, String id, String extra) {
    StringBuilder b = new StringBuilder(base).append('/').append(resource).append('/').append(UriText.component(type))
        .append('/').append(UriText.component(id));
    if (extra != null && !extra.isEmpty()) {
      b.append('/').append(extra);
    }
    return URI.create(b.append(".json").toString());
  }

  private void require(String resource, String type, String id) throws ProviderException {
    if (!manifest().provides(resource, type, id)) {
      throw new ProviderException(name() + " does not provide " + resource + " for " + type + " " + id);
    }
  }

  @Override
  public List<MetaPreview> catalog(CatalogRequest r) throws ProviderException {
    Manifest m = manifest();
    if (!m.hasCatalogResource() || m.catalog(r.type(), r.catalogId()).isEmpty()) {
      throw new ProviderException(name() + " has no " + r.type() + " catalog '" + r.catalogId() + "'");
    }
    URI uri = resource(Manifest.CATALOG, r.type(), r.catalogId(), r.extraPath());
    return Untrusted.previews(http.getJson(uri, CatalogJson.CatalogResponse.class, RESOURCE_TTL).metas());
  }

  @Override
  public MetaDetail meta(String type, String id) throws ProviderException {
    require(Manifest.META, type, id);
    CatalogJson.MetaResponse r = http.getJson(resource(Manifest.META, type, id, null), CatalogJson.MetaResponse.class,
        RESOURCE_TTL);
    MetaDetail d = Untrusted.detail(r.meta());
    if (d == null) {
      throw new ProviderException(name() + " has no usable meta for " + type + " " + id);
    }
    return d;
  }

  @Override
  public List<Stream> streams(String type, String videoId) throws ProviderException {
    require(Manifest.STREAM, type, videoId);
    return Untrusted.streams(http.getJson(resource(Manifest.STREAM, type, videoId, null),
        CatalogJson.StreamsResponse.class, RESOURCE_TTL).streams());
  }

  @Override
  public List<Subtitle> subtitles(String type, String videoId) throws ProviderException {
    if (!manifest().provides(Manifest.SUBTITLES, type, videoId)) {
      return List.of();
    }
    return Untrusted.subtitles(http.getJson(resource(Manifest.SUBTITLES, type, videoId, null),
        CatalogJson.SubtitlesResponse.class, RESOURCE_TTL).subtitles());
  }
}
