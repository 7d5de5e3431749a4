package dev.reel.app.catalog.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reel.app.catalog.CatalogRequest;
import dev.reel.app.catalog.HttpFetcher;
import dev.reel.app.catalog.ProviderException;
import dev.reel.app.catalog.UriText;
import dev.reel.engine.metainfo.InvalidTorrentException;
import dev.reel.engine.metainfo.Metainfo;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Internet Archive's public APIs as Reel's archive providers use them: Advanced Search, the Metadata Read API, an
 * item's {@code _archive.torrent}, thumbnails and download URLs, all under one configurable base URL. Answers are
 * cached by the fetcher's disk cache for the TTLs below. Immutable and thread-safe; calls block on the network.
 */
final class IaApi {
  static final Duration SEARCH_TTL = Duration.ofHours(6);
  static final Duration METADATA_TTL = Duration.ofDays(1);
  static final Duration TORRENT_TTL = Duration.ofDays(7);
  /** Items per search page (Stremio's page size). */
  static final int PAGE = 100;
  /** The Archive's own trackers, as its torrents list them. */
  static final List<String> TRACKERS = List.of("http://bt1.archive.org:6969/announce",
      "http://bt2.archive.org:6969/announce");
  /** Archive identifiers: letters, digits, dot, dash, underscore (at most 100). */
  static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final String base;
  private final HttpFetcher http;

  IaApi(URI base, HttpFetcher http) {
    HttpFetcher.requireHttp(base);
    String b = base.toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    this.http = http;
  }

  String base() {
    return base;
  }

  /**
   * One page of an Advanced Search: {@code query} narrowed by the request's search text (as words) and genre (a
   * {@code subject}), sorted by downloads unless searching; the documents of the page holding {@code skip}, minus the
   * part of it before {@code skip}.
   */
  List<JsonNode> search(String query, List<String> fields, CatalogRequest r) throws ProviderException {
    StringBuilder q = new StringBuilder(query);
    r.search().ifPresent(s -> q.append(" AND (").append(escape(s)).append(')'));
    r.genre().ifPresent(g -> q.append(" AND subject:\"").append(g.replace("\\", "\\\\").replace("\"", "\\\""))
        .append('"'));
    int page = r.skip() / PAGE + 1;
    StringBuilder url = new StringBuilder(base).append("/advancedsearch.php?q=").append(UriText.component(q.toString()));
    for (String f : fields) {
      url.append("&fl%5B%5D=").append(f);
    }
    url.append("&rows=").append(PAGE).append("&page=").append(page);
    if (r.search().isEmpty()) {
      url.append("&sort%5B%5D=").append(UriText.component("downloads desc"));
    }
    url.append("&output=json");
    JsonNode root = http.getJson(URI.create(url.toString()), JsonNode.class, SEARCH_TTL);
    JsonNode docs = root == null ? null : root.path("response").get("docs");
    if (docs == null || !docs.isArray()) {
      throw new ProviderException("unexpected answer from the Internet Archive search: no response.docs");
    }
    List<JsonNode> out = new ArrayList<>();
    docs.forEach(out::add);
    return out.subList(Math.min(r.skip() % PAGE, out.size()), out.size());
  }

  /** Escapes Lucene's special characters so user text is searched as words. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if ("+-&|!(){}[]^\"~*?:\\/".indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  /** The identifier of a search document, or null when it has none or an invalid one. */
  static String identifierOf(JsonNode doc) {
    String id = IaJson.first(doc.get("identifier"));
    return id != null && IDENTIFIER.matcher(id).matches() ? id : null;
  }

  /** The identifier in a Reel id ({@code prefix + identifier}). */
  static String identifier(String id, String prefix) throws ProviderException {
    String ident = id.startsWith(prefix) ? id.substring(prefix.length()) : "";
    if (!IDENTIFIER.matcher(ident).matches()) {
      throw new ProviderException("not an Internet Archive item id: " + id);
    }
    return ident;
  }

  IaItem item(String identifier) throws ProviderException {
    JsonNode root = http.getJson(URI.create(base + "/metadata/" + identifier), JsonNode.class, METADATA_TTL);
    if (root == null || !root.path("metadata").isObject()) {
      throw new ProviderException("the Internet Archive has no item " + identifier);
    }
    return IaItem.of(identifier, root);
  }

  String poster(String identifier) {
    return base + "/services/img/" + identifier;
  }

  String details(String identifier) {
    return base + "/details/" + identifier;
  }

  String download(String identifier, String file) {
    return base + "/download/" + identifier + "/" + UriText.component(file);
  }

  String torrentUrl(String identifier) {
    return download(identifier, identifier + "_archive.torrent");
  }

  /** The item's torrent (at most {@link HttpFetcher#MAX_TORRENT} bytes, cached), or empty when it cannot be had. */
  Optional<Metainfo> torrent(String identifier) {
    try {
      return Optional.of(Metainfo.parse(http.get(URI.create(torrentUrl(identifier)), TORRENT_TTL,
          HttpFetcher.MAX_TORRENT)));
    } catch (ProviderException | InvalidTorrentException e) {
      return Optional.empty(); // callers fall back to what the metadata says
    }
  }

  /** "…" after a word near 400 characters, for catalog descriptions. */
  static String abbreviate(String s) {
    if (s == null || s.length() <= 400) {
      return s;
    }
    int cut = s.lastIndexOf(' ', 400);
    return s.substring(0, cut > 200 ? cut : 400) + "\u2026";
  }
}
