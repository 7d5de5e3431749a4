package dev.reel.app.api;

import dev.reel.app.catalog.CatalogRequest;
import dev.reel.app.catalog.CatalogService;
import dev.reel.app.catalog.HttpFetcher;
import dev.reel.app.catalog.Manifest;
import dev.reel.app.catalog.MetaDetail;
import dev.reel.app.catalog.MetaPreview;
import dev.reel.app.catalog.Provider;
import dev.reel.app.catalog.ProviderException;
import dev.reel.app.catalog.Stream;
import dev.reel.app.catalog.Subtitle;
import dev.reel.app.catalog.addon.AddonProvider;
import dev.reel.app.library.ProviderEntry;
import dev.reel.app.library.ProviderRegistry;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Metainfo;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The user's providers as the catalog sees them: the built-ins plus the addons of the {@link ProviderRegistry}, each
 * keyed by its registry id, and the {@link CatalogService} over the enabled ones in the user's order (rebuilt when the
 * registry changes). Thread-safe.
 */
public final class Catalogs implements AutoCloseable {
  private final ProviderRegistry registry;
  private final Map<String, Provider> builtins = new LinkedHashMap<>();
  private final Map<String, Provider> addons = new LinkedHashMap<>();
  private final HttpFetcher http;
  private final Duration timeout;
  private final List<CatalogService> retired = new ArrayList<>();
  private volatile CatalogService service;

  /**
   * @param builtins registered (enabled, last) if new; their keys are their registry ids
   * @param timeout how long each provider has to answer one call
   */
  public Catalogs(ProviderRegistry registry, List<Provider> builtins, HttpFetcher http, Duration timeout) {
    this.registry = registry;
    this.http = http;
    this.timeout = timeout;
    for (Provider p : builtins) {
      registry.registerBuiltin(p.key(), p.name());
      this.builtins.put(p.key(), p);
    }
    rebuild();
  }

  /** The service over the enabled providers. */
  public CatalogService service() {
    return service;
  }

  public List<ProviderEntry> entries() {
    return registry.list();
  }

  /** Any registered provider, enabled or not. */
  public synchronized Optional<Provider> provider(String id) {
    Provider p = builtins.get(id);
    return Optional.ofNullable(p != null ? p : addons.get(id));
  }

  /** Every registered provider, in order, enabled or not. */
  public synchronized List<Provider> all() {
    List<Provider> out = new ArrayList<>();
    for (ProviderEntry e : registry.list()) {
      provider(e.id()).ifPresent(out::add);
    }
    return out;
  }

  /**
   * Adds a Stremio addon by manifest URL: fetches the manifest (http(s) only), registers it under the manifest's id.
   *
   * @throws ProviderException if the manifest cannot be fetched or is not an addon manifest
   * @throws IllegalArgumentException for a bad URL, or an id or URL already registered
   */
  public synchronized ProviderEntry addAddon(URI manifestUrl) throws ProviderException {
    AddonProvider addon = new AddonProvider(manifestUrl, http);
    Manifest m = addon.manifest();
    ProviderEntry entry = registry.addAddon(m.id(), m.name(), manifestUrl);
    rebuild();
    return entry;
  }

  public synchronized boolean remove(String id) {
    boolean removed = registry.remove(id);
    rebuild();
    return removed;
  }

  public synchronized Optional<ProviderEntry> setEnabled(String id, boolean enabled) {
    Optional<ProviderEntry> e = registry.setEnabled(id, enabled);
    rebuild();
    return e;
  }

  public synchronized List<ProviderEntry> reorder(List<String> ids) {
    List<ProviderEntry> order = registry.reorder(ids);
    rebuild();
    return order;
  }

  /** The .torrent of an info-hash, from the named provider or else from any provider that has it at hand. */
  public Optional<Metainfo> torrent(String providerId, InfoHash hash) {
    List<Provider> candidates = new ArrayList<>();
    if (providerId != null) {
      provider(providerId).ifPresent(candidates::add);
    }
    candidates.addAll(builtins.values());
    for (Provider p : candidates) {
      try {
        Optional<Metainfo> m = p.torrent(hash);
        if (m.isPresent() && m.get().infoHash().equals(hash)) {
          return m;
        }
      } catch (ProviderException | RuntimeException e) {
        // another provider may have it
      }
    }
    return Optional.empty();
  }

  private synchronized void rebuild() {
    List<Provider> enabled = new ArrayList<>();
    for (ProviderEntry e : registry.list()) {
      Provider p = builtins.get(e.id());
      if (p == null && e.kind() == ProviderEntry.Kind.ADDON) {
        p = addons.get(e.id());
        if (p == null || !((Keyed) p).url.equals(e.manifestUrl())) {
          p = new Keyed(e.id(), e.manifestUrl(), new AddonProvider(e.manifestUrl(), http));
          addons.put(e.id(), p);
        }
      }
      if (p != null && e.enabled()) {
        enabled.add(p);
      }
    }
    addons.keySet().retainAll(registry.list().stream().map(ProviderEntry::id).toList());
    CatalogService old = service;
    service = new CatalogService(enabled, timeout);
    if (old != null) {
      retired.add(old); // closed at exit: requests may still run on it
    }
  }

  @Override
  public synchronized void close() {
    retired.forEach(CatalogService::close);
    if (service != null) {
      service.close();
    }
  }

  /** An addon under its registry id. */
  private static final class Keyed implements Provider {
    private final String key;
    private final URI url;
    private final Provider delegate;

    Keyed(String key, URI url, Provider delegate) {
      this.key = key;
      this.url = url;
      this.delegate = delegate;
    }

    @Override
    public String key() {
      return key;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public Manifest manifest() throws ProviderException {
      return delegate.manifest();
    }

    @Override
    public List<MetaPreview> catalog(CatalogRequest request) throws ProviderException {
      return delegate.catalog(request);
    }

    @Override
    public MetaDetail meta(String type, String id) throws ProviderException {
      return delegate.meta(type, id);
    }

    @Override
    public List<Stream> streams(String type, String videoId) throws ProviderException {
      return delegate.streams(type, videoId);
    }

    @Override
    public List<Subtitle> subtitles(String type, String videoId) throws ProviderException {
      return delegate.subtitles(type, videoId);
    }

    @Override
    public Optional<Metainfo> torrent(InfoHash infoHash) throws ProviderException {
      return delegate.torrent(infoHash);
    }
  }
}
