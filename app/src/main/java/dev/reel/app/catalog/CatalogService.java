package dev.reel.app.catalog;

import java.text.Collator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The catalogs of the enabled providers as one: browse and search across all of them in parallel, details, streams and
 * subtitles routed by Stremio's rules (resource, type, id prefix).
 *
 * <p>Each provider runs in its own virtual thread and has {@code timeout} to answer a call (manifest and pages
 * included). A provider that fails or is late is reported in the result's errors and interrupted; the others' results
 * are returned. Results are cleaned with {@link Untrusted}.
 *
 * <p>Merged browsing fetches from each matching catalog enough items for the requested page ({@code skip + limit}; at
 * least {@link #SORT_WINDOW} when sorting by title, year or date added; at most {@link #MAX_DEPTH} items and
 * {@link #MAX_PAGES} pages per catalog), filters by genre and year, removes duplicates (same type and id: the earlier
 * provider wins), sorts, then cuts the page. A sort other than by popularity therefore orders that window, not a large
 * provider's whole catalog.
 *
 * <p>Thread-safe; the provider list is fixed at construction (rebuild the service when the user changes providers).
 * Calls block up to the timeout. {@link #close()} stops the threads.
 */
public final class CatalogService implements AutoCloseable {
  /** Most items fetched from one provider for one merged request. */
  public static final int MAX_DEPTH = 1000;
  /** Most pages fetched from one catalog for one merged request. */
  public static final int MAX_PAGES = 10;
  /** Items fetched per provider at least when sorting by something other than popularity. */
  public static final int SORT_WINDOW = 300;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(8);

  private final List<Provider> providers;
  private final Duration timeout;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  /**
   * @param providers the enabled providers, in the user's order (earlier ones win duplicates and lead the interleave)
   * @param timeout how long each provider has for one call
   */
  public CatalogService(List<Provider> providers, Duration timeout) {
    this.providers = List.copyOf(providers);
    this.timeout = timeout;
    Set<String> keys = new HashSet<>();
    for (Provider p : this.providers) {
      if (!keys.add(p.key())) {
        throw new IllegalArgumentException("two providers share the key " + p.key());
      }
    }
  }

  public List<Provider> providers() {
    return providers;
  }

  public Optional<Provider> provider(String key) {
    return providers.stream().filter(p -> p.key().equals(key)).findFirst();
  }

  // ---- fan-out ---------------------------------------------------------------------------------------------------

  @FunctionalInterface
  private interface Call<T> {
    T apply(Provider p) throws ProviderException;
  }

  private record Outcome<T>(Provider provider, String name, T value, ProviderError error) {}

  /** Runs {@code call} on every provider in parallel; waits at most the timeout; keeps provider order. */
  private <T> List<Outcome<T>> fanOut(List<Provider> targets, Call<T> call) {
    record Named<T>(String name, T value) {}
    List<Future<Named<T>>> futures = new ArrayList<>();
    for (Provider p : targets) {
      futures.add(executor.submit(() -> {
        T v = call.apply(p);
        return new Named<>(nameOf(p), v);
      }));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Outcome<T>> out = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      Provider p = targets.get(i);
      Future<Named<T>> f = futures.get(i);
      try {
        Named<T> n = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        out.add(new Outcome<>(p, n.name(), n.value(), null));
      } catch (TimeoutException e) {
        f.cancel(true);
        out.add(new Outcome<>(p, p.name(), null, new ProviderError(p.key(), p.name(), ProviderError.Kind.TIMEOUT,
            p.name() + " did not answer within " + timeout.toMillis() + " ms")));
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        String message = c instanceof ProviderException ? c.getMessage() : p.name() + " failed: " + c;
        out.add(new Outcome<>(p, p.name(), null,
            new ProviderError(p.key(), p.name(), ProviderError.Kind.FAILED, message)));
      } catch (CancellationException e) {
        out.add(new Outcome<>(p, p.name(), null,
            new ProviderError(p.key(), p.name(), ProviderError.Kind.FAILED, p.name() + " was cancelled")));
      } catch (InterruptedException e) {
        futures.forEach(x -> x.cancel(true));
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for providers", e);
      }
    }
    return out;
  }

  /** The manifest's name; called on the provider's own thread (the manifest is cached by then). */
  private static String nameOf(Provider p) {
    try {
      String n = p.manifest().name();
      return n == null ? p.name() : n;
    } catch (ProviderException | RuntimeException e) {
      return p.name();
    }
  }

  private static <T> List<ProviderError> errors(List<Outcome<T>> outcomes) {
    return outcomes.stream().filter(o -> o.error() != null).map(Outcome::error).toList();
  }

  // ---- manifests and single-provider catalogs --------------------------------------------------------------------

  /** The manifests of all providers (for the provider list and the catalog menu). */
  public Aggregate<Sourced<Manifest>> manifests() {
    List<Outcome<Manifest>> outcomes = fanOut(providers, Provider::manifest);
    List<Sourced<Manifest>> ok = outcomes.stream().filter(o -> o.error() == null)
        .map(o -> new Sourced<>(o.provider().key(), o.name(), o.value())).toList();
    return new Aggregate<>(ok, errors(outcomes));
  }

  /** One page of one provider's catalog, as the provider returns it (cleaned). */
  public Aggregate<Sourced<MetaPreview>> catalog(String providerKey, CatalogRequest request) {
    Provider p = provider(providerKey)
        .orElseThrow(() -> new IllegalArgumentException("no enabled provider with key " + providerKey));
    List<Outcome<List<MetaPreview>>> outcomes = fanOut(List.of(p), x -> {
      Manifest m = x.manifest();
      ManifestCatalog c = m.catalog(request.type(), request.catalogId()).orElseThrow(() -> new ProviderException(
          nameOf(x) + " has no " + request.type() + " catalog '" + request.catalogId() + "'"));
      if (!c.accepts(request)) {
        throw new ProviderException("catalog '" + c.id() + "' of " + nameOf(x) + " needs extras "
            + c.extra().stream().filter(ManifestCatalog.Extra::required).map(ManifestCatalog.Extra::name).toList());
      }
      return Untrusted.previews(x.catalog(request));
    });
    return new Aggregate<>(sourced(outcomes), errors(outcomes));
  }

  private static <T> List<Sourced<T>> sourced(List<Outcome<List<T>>> outcomes) {
    List<Sourced<T>> out = new ArrayList<>();
    for (Outcome<List<T>> o : outcomes) {
      if (o.error() == null) {
        o.value().forEach(v -> out.add(new Sourced<>(o.provider().key(), o.name(), v)));
      }
    }
    return out;
  }

  // ---- merged browse and search ----------------------------------------------------------------------------------

  private record Fetched(List<MetaPreview> items, boolean more) {}

  /** A page of the merged catalogs of all providers: browse when {@code q.search()} is null, search otherwise. */
  public CatalogPage browse(CatalogQuery q) {
    int need = q.skip() + q.limit();
    if (q.sort() != CatalogQuery.Sort.POPULARITY) {
      need = Math.max(need, SORT_WINDOW); // a sort orders a window, not just the first page of each provider
    }
    int depth = Math.min(MAX_DEPTH, need);
    List<Outcome<Fetched>> outcomes = fanOut(providers, p -> fetch(p, q, depth));
    List<List<Sourced<MetaPreview>>> perProvider = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    boolean more = false;
    for (Outcome<Fetched> o : outcomes) {
      if (o.error() != null) {
        continue;
      }
      more |= o.value().more();
      List<Sourced<MetaPreview>> mine = new ArrayList<>();
      for (MetaPreview m : o.value().items()) {
        if (seen.add(m.type() + "\u0000" + m.id())) { // an earlier provider's item wins a duplicate
          mine.add(new Sourced<>(o.provider().key(), o.name(), m));
        }
      }
      perProvider.add(mine);
    }
    List<Sourced<MetaPreview>> merged = interleave(perProvider);
    sort(merged, q.sort());
    int from = Math.min(q.skip(), merged.size());
    int to = Math.min(merged.size(), q.skip() + q.limit());
    more |= merged.size() > to;
    return new CatalogPage(merged.subList(from, to), errors(outcomes), more);
  }

  private static Fetched fetch(Provider p, CatalogQuery q, int need) throws ProviderException {
    Manifest m = p.manifest();
    if (!m.hasCatalogResource()) {
      return new Fetched(List.of(), false);
    }
    List<List<MetaPreview>> perCatalog = new ArrayList<>();
    boolean more = false;
    for (ManifestCatalog c : m.catalogs()) {
      if (q.type() != null && !c.type().equals(q.type())) {
        continue;
      }
      if (q.search() != null ? !c.supports(ManifestCatalog.SEARCH) : c.requires(ManifestCatalog.SEARCH)) {
        continue;
      }
      String genre = providerGenre(c, q.genre());
      CatalogRequest base = CatalogRequest.of(c.type(), c.id(), q.search(), genre, 0);
      if (!c.accepts(base)) {
        continue; // needs an extra we cannot give (e.g. a required genre)
      }
      List<MetaPreview> items = new ArrayList<>();
      int skip = 0;
      for (int page = 0; page < MAX_PAGES && items.size() < need; page++) {
        List<MetaPreview> got = Untrusted.previews(p.catalog(base.withSkip(skip)));
        items.addAll(got);
        if (got.isEmpty() || !c.supports(ManifestCatalog.SKIP)) {
          break;
        }
        skip += got.size();
        if (items.size() >= need) {
          more = true;
        }
      }
      perCatalog.add(items.stream().filter(x -> keep(x, q, genre == null)).toList());
    }
    List<MetaPreview> merged = interleave(perCatalog);
    return new Fetched(merged.subList(0, Math.min(merged.size(), MAX_DEPTH)), more);
  }

  /** The genre to send to this catalog: the query's, spelled as the catalog's options spell it, if it takes genres. */
  private static String providerGenre(ManifestCatalog c, String genre) {
    if (genre == null) {
      return null;
    }
    Optional<ManifestCatalog.Extra> e = c.extra(ManifestCatalog.GENRE);
    if (e.isEmpty()) {
      return null;
    }
    if (e.get().options().isEmpty()) {
      return genre;
    }
    return e.get().options().stream().filter(o -> o.equalsIgnoreCase(genre)).findFirst().orElse(null);
  }

  private static boolean keep(MetaPreview m, CatalogQuery q, boolean filterGenre) {
    if (filterGenre && q.genre() != null && m.genres().stream().noneMatch(g -> g.equalsIgnoreCase(q.genre()))) {
      return false;
    }
    if (q.yearFrom() != null || q.yearTo() != null) {
      OptionalInt y = m.year();
      if (y.isEmpty()) {
        return false;
      }
      if (q.yearFrom() != null && y.getAsInt() < q.yearFrom()) {
        return false;
      }
      return q.yearTo() == null || y.getAsInt() <= q.yearTo();
    }
    return true;
  }

  /** Round-robin: the first of each list, then the second of each, and so on. */
  private static <T> List<T> interleave(List<List<T>> lists) {
    List<T> out = new ArrayList<>();
    int longest = lists.stream().mapToInt(List::size).max().orElse(0);
    for (int i = 0; i < longest; i++) {
      for (List<T> l : lists) {
        if (i < l.size()) {
          out.add(l.get(i));
        }
      }
    }
    return out;
  }

  private static void sort(List<Sourced<MetaPreview>> items, CatalogQuery.Sort sort) {
    Collator collator = Collator.getInstance(Locale.ROOT);
    collator.setStrength(Collator.PRIMARY);
    Comparator<Sourced<MetaPreview>> byTitle = Comparator.comparing(s -> s.value().name(), collator);
    switch (sort) {
      case POPULARITY -> { } // already in interleaved provider order; List.sort is stable
      case TITLE -> items.sort(byTitle);
      case YEAR -> items.sort(Comparator.comparing((Sourced<MetaPreview> s) -> {
        OptionalInt y = s.value().year();
        return y.isPresent() ? -y.getAsInt() : Integer.MAX_VALUE;
      }).thenComparing(byTitle));
      case RECENTLY_ADDED -> items.sort(Comparator.comparing((Sourced<MetaPreview> s) -> s.value().addedInstant(),
          Comparator.nullsLast(Comparator.<Instant>reverseOrder())));
    }
  }

  // ---- meta, streams, subtitles ----------------------------------------------------------------------------------

  /**
   * The details of an item from the first provider (in order) that offers meta for its type and id and answers.
   * Results hold at most one element; errors list the providers that failed.
   */
  public Aggregate<Sourced<MetaDetail>> meta(String type, String id) {
    List<Outcome<MetaDetail>> outcomes = fanOut(providers, p -> {
      if (!p.manifest().provides(Manifest.META, type, id)) {
        return null; // not asked
      }
      MetaDetail d = Untrusted.detail(p.meta(type, id));
      if (d == null) {
        throw new ProviderException(nameOf(p) + " returned an unusable meta for " + id);
      }
      return d;
    });
    for (Outcome<MetaDetail> o : outcomes) {
      if (o.error() == null && o.value() != null) {
        return new Aggregate<>(List.of(new Sourced<>(o.provider().key(), o.name(), o.value())), errors(outcomes));
      }
    }
    return new Aggregate<>(List.of(), errors(outcomes));
  }

  /** Streams for a movie or an episode id from every provider that offers streams for it, in provider order. */
  public Aggregate<Sourced<Stream>> streams(String type, String videoId) {
    List<Outcome<List<Stream>>> outcomes = fanOut(providers, p ->
        p.manifest().provides(Manifest.STREAM, type, videoId) ? Untrusted.streams(p.streams(type, videoId))
            : List.of());
    return new Aggregate<>(sourced(outcomes), errors(outcomes));
  }

  /** Subtitles for a video from every provider that offers them. */
  public Aggregate<Sourced<Subtitle>> subtitles(String type, String videoId) {
    List<Outcome<List<Subtitle>>> outcomes = fanOut(providers, p ->
        p.manifest().provides(Manifest.SUBTITLES, type, videoId) ? Untrusted.subtitles(p.subtitles(type, videoId))
            : List.of());
    return new Aggregate<>(sourced(outcomes), errors(outcomes));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
