package dev.reel.engine.metainfo;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A magnet link (BEP 9) for a v1 info-hash. Immutable.
 *
 * <p>Understood parameters: {@code xt=urn:btih:} (40 hex digits or 32 base32 characters), {@code dn}, {@code tr}
 * (repeatable, also {@code tr.1}, {@code tr.2} ...), {@code ws} (BEP 19), {@code x.pe} (peer {@code host:port}) and
 * {@code xs}. Others are ignored. Values are percent-decoded as UTF-8 ({@code +} means a space). Repeated values are
 * deduplicated and capped at {@link #MAX_TRACKERS}, {@link #MAX_WEB_SEEDS}, {@link #MAX_PEERS} and
 * {@link #MAX_EXACT_SOURCES}: extras are dropped, not an error.
 */
public record Magnet(InfoHash infoHash, Optional<String> displayName, List<String> trackers, List<String> webSeeds,
    List<String> peers, List<String> exactSources) {
  public static final int MAX_TRACKERS = 100;
  public static final int MAX_WEB_SEEDS = 100;
  public static final int MAX_PEERS = 200;
  public static final int MAX_EXACT_SOURCES = 10;
  /** Longest magnet link parsed. */
  public static final int MAX_LENGTH = 64 * 1024;

  private static final String PREFIX = "magnet:?";
  private static final String BTIH = "urn:btih:";
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  public Magnet {
    Objects.requireNonNull(infoHash, "infoHash");
    Objects.requireNonNull(displayName, "displayName");
    trackers = List.copyOf(trackers);
    webSeeds = List.copyOf(webSeeds);
    peers = List.copyOf(peers);
    exactSources = List.copyOf(exactSources);
  }

  /** A magnet with only an info-hash. */
  public static Magnet of(InfoHash infoHash) {
    return new Magnet(infoHash, Optional.empty(), List.of(), List.of(), List.of(), List.of());
  }

  /**
   * Parses a magnet URI.
   *
   * @throws IllegalArgumentException if it is not a magnet link or has no valid {@code urn:btih} info-hash
   */
  public static Magnet parse(String uri) {
    Objects.requireNonNull(uri, "uri");
    String s = uri.strip();
    if (s.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("magnet link of " + s.length() + " characters exceeds " + MAX_LENGTH);
    }
    if (!s.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw new IllegalArgumentException("not a magnet link (must start with \"magnet:?\"): " + abbreviate(s));
    }
    int hash = s.indexOf('#');
    String query = s.substring(PREFIX.length(), hash >= 0 ? hash : s.length());
    InfoHash infoHash = null;
    String badXt = null;
    boolean sawV2 = false;
    String dn = null;
    Set<String> tr = new LinkedHashSet<>();
    Set<String> ws = new LinkedHashSet<>();
    Set<String> pe = new LinkedHashSet<>();
    Set<String> xs = new LinkedHashSet<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = (eq >= 0 ? pair.substring(0, eq) : pair).toLowerCase(Locale.ROOT);
      String value = eq >= 0 ? decode(pair.substring(eq + 1)) : "";
      String base = baseKey(key);
      switch (base) {
        case "xt" -> {
          if (value.regionMatches(true, 0, BTIH, 0, BTIH.length())) {
            if (infoHash == null) {
              String h = value.substring(BTIH.length());
              infoHash = btih(h);
              if (infoHash == null) {
                badXt = h;
              }
            }
          } else if (value.regionMatches(true, 0, "urn:btmh:", 0, 9)) {
            sawV2 = true;
          }
        }
        case "dn" -> {
          if (dn == null && !value.isBlank()) {
            dn = value;
          }
        }
        case "tr" -> addCapped(tr, value, MAX_TRACKERS);
        case "ws" -> addCapped(ws, value, MAX_WEB_SEEDS);
        case "x.pe" -> addCapped(pe, value, MAX_PEERS);
        case "xs" -> addCapped(xs, value, MAX_EXACT_SOURCES);
        default -> { }
      }
    }
    if (infoHash == null) {
      if (badXt != null) {
        throw new IllegalArgumentException(
            "invalid btih info-hash \"" + abbreviate(badXt) + "\": need 40 hex digits or 32 base32 characters");
      }
      if (sawV2) {
        throw new IllegalArgumentException("BitTorrent v2-only magnet links (urn:btmh) are not supported yet");
      }
      throw new IllegalArgumentException("magnet link has no xt=urn:btih: info-hash");
    }
    return new Magnet(infoHash, Optional.ofNullable(dn), List.copyOf(tr), List.copyOf(ws), List.copyOf(pe),
        List.copyOf(xs));
  }

  /**
   * A peer address of an {@code x.pe} value: {@code host:port} or {@code [v6]:port}, port 1 to 65535; empty if
   * malformed. A host name is resolved here (may block on DNS); an unresolvable one gives an unresolved address.
   */
  public static Optional<InetSocketAddress> peerAddress(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      if (port < 1 || port > 65535) {
        return Optional.empty();
      }
      return Optional.of(new InetSocketAddress(host, port));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The canonical form: {@code magnet:?xt=urn:btih:<hex>&dn=...&tr=...&ws=...&x.pe=...&xs=...}. */
  public String toUri() {
    StringBuilder b = new StringBuilder(PREFIX).append("xt=").append(BTIH).append(infoHash.hex());
    displayName.ifPresent(n -> b.append("&dn=").append(encode(n)));
    trackers.forEach(t -> b.append("&tr=").append(encode(t)));
    webSeeds.forEach(w -> b.append("&ws=").append(encode(w)));
    peers.forEach(p -> b.append("&x.pe=").append(encode(p)));
    exactSources.forEach(x -> b.append("&xs=").append(encode(x)));
    return b.toString();
  }

  @Override
  public String toString() {
    return toUri();
  }

  /** "tr.1" -> "tr"; other keys unchanged. */
  private static String baseKey(String key) {
    int dot = key.lastIndexOf('.');
    if (dot > 0 && dot < key.length() - 1 && key.substring(dot + 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
      return key.substring(0, dot);
    }
    return key;
  }

  private static void addCapped(Set<String> set, String value, int max) {
    String v = value.strip();
    if (!v.isEmpty() && set.size() < max) {
      set.add(v);
    }
  }

  /** 40 hex digits or 32 base32 characters (either case); null if neither. */
  static InfoHash btih(String h) {
    if (InfoHash.isHex(h)) {
      return InfoHash.fromHex(h);
    }
    if (h.length() != 32) {
      return null;
    }
    byte[] out = new byte[20];
    long buffer = 0;
    int bits = 0;
    int n = 0;
    for (int i = 0; i < 32; i++) {
      int v = BASE32.indexOf(Character.toUpperCase(h.charAt(i)));
      if (v < 0) {
        return null;
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (byte) (buffer >>> bits);
      }
    }
    return InfoHash.of(out);
  }

  /** Percent-decodes as UTF-8; '+' is a space; a malformed escape is kept literally. */
  static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        out.write(' ');
      } else if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        out.write(hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
        i += 2;
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  /** Percent-encodes all but unreserved characters and ':' '/' '@' (kept readable in URLs). */
  static String encode(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~:/@".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  /** Builds the link a user would share for a parsed torrent (trackers flattened, web seeds included). */
  public static Magnet of(Metainfo m) {
    List<String> trackers = new ArrayList<>();
    m.announceTiers().forEach(trackers::addAll);
    return new Magnet(m.infoHash(), Optional.of(m.name()), trackers.stream().limit(MAX_TRACKERS).toList(),
        m.urlList().stream().limit(MAX_WEB_SEEDS).toList(), List.of(), List.of());
  }
}
