package dev.reel.app.library;

import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The user's settings, typed, with defaults and validation. Immutable; {@link #update(Map)} returns a new value.
 *
 * <p>The keys are the component names (they are also the JSON API's field names): {@code downloadFolder} (absolute
 * path; where "keep" moves a finished film), {@code cacheLimitBytes} (default {@value #DEFAULT_CACHE_LIMIT}, 10 GiB),
 * {@code clearOnExit}, {@code peerPort} (0 = any free port), {@code httpPort}, {@code downloadLimitKiB} and
 * {@code uploadLimitKiB} (KiB/s, 0 = none), {@code maxConnections}, {@code maxPeersPerTorrent},
 * {@code subtitleLanguage} (ISO 639 code such as {@code en} or {@code pt-br}; empty = no subtitles),
 * {@code subtitleSize} (percent of the normal size), {@code defaultPlayer} (one of {@link #PLAYERS}),
 * {@code seedRatioPercent} (a finished download stops seeding once it has uploaded this many percent of its size,
 * 200 = ratio 2.0; 0 = it seeds until paused or removed), {@code encryption} (peer encryption, MSE/PE: one of
 * {@link #ENCRYPTIONS}, default {@code enabled}) and {@code transports} (peer connections: one of {@link #TRANSPORTS},
 * default {@code both}); the last two apply when the engine starts.
 *
 * <p>Which providers are enabled, and their order, live in the {@link ProviderRegistry}, not here.
 */
public record Settings(
    Path downloadFolder,
    long cacheLimitBytes,
    boolean clearOnExit,
    int peerPort,
    int httpPort,
    long downloadLimitKiB,
    long uploadLimitKiB,
    int maxConnections,
    int maxPeersPerTorrent,
    String subtitleLanguage,
    int subtitleSize,
    String defaultPlayer,
    int seedRatioPercent,
    String encryption,
    String transports) {

  public static final long GIB = 1L << 30;
  public static final long DEFAULT_CACHE_LIMIT = 10 * GIB;
  /** A smaller cache could not hold the readahead of one stream. */
  public static final long MIN_CACHE_LIMIT = 256L << 20;
  public static final long MAX_CACHE_LIMIT = 1L << 50;
  /** The engine's default peer port (BEP 3 clients traditionally use 6881). */
  public static final int DEFAULT_PEER_PORT = 6881;
  public static final int DEFAULT_HTTP_PORT = 8765;
  /** Rate limits are in KiB/s; this is 2 TiB/s, i.e. "no practical limit" but still a number. */
  public static final long MAX_RATE_KIB = 1L << 31;
  public static final int DEFAULT_MAX_CONNECTIONS = 200;
  public static final int MAX_CONNECTIONS = 5_000;
  public static final int DEFAULT_MAX_PEERS_PER_TORRENT = 50;
  public static final int MAX_PEERS_PER_TORRENT = 1_000;
  public static final String DEFAULT_SUBTITLE_LANGUAGE = "en";
  public static final int DEFAULT_SUBTITLE_SIZE = 100;
  public static final int MIN_SUBTITLE_SIZE = 50;
  public static final int MAX_SUBTITLE_SIZE = 300;
  /** The players Reel can hand a stream to; {@code builtin} is the browser UI's own. */
  /** 1000 × its size: a ratio of 1000. */
  public static final int MAX_SEED_RATIO_PERCENT = 100_000;
  public static final List<String> PLAYERS = List.of("builtin", "vlc", "mpv", "system");
  /**
   * Peer encryption (MSE/PE), the engine's policies: {@code enabled} (accept both; dial encrypted first, plaintext if
   * the peer refuses), {@code required} (encrypted peers only), {@code disabled} (plaintext only).
   */
  public static final List<String> ENCRYPTIONS = List.of("enabled", "required", "disabled");
  /** Peer connections: TCP and uTP (BEP 29; uTP when TCP does not reach a peer), TCP only, or uTP only. */
  public static final List<String> TRANSPORTS = List.of("both", "tcp", "utp");

  private static final Pattern LANGUAGE = Pattern.compile("|[a-z]{2,3}(-[a-z0-9]{2,8})*");

  /** Checks every value; an invalid one throws {@link InvalidSettingsException} naming each problem. */
  public Settings(Path downloadFolder, long cacheLimitBytes, boolean clearOnExit, int peerPort, int httpPort,
      long downloadLimitKiB, long uploadLimitKiB, int maxConnections, int maxPeersPerTorrent, String subtitleLanguage,
      int subtitleSize, String defaultPlayer, int seedRatioPercent, String encryption, String transports) {
    this.downloadFolder = downloadFolder;
    this.cacheLimitBytes = cacheLimitBytes;
    this.clearOnExit = clearOnExit;
    this.peerPort = peerPort;
    this.httpPort = httpPort;
    this.downloadLimitKiB = downloadLimitKiB;
    this.uploadLimitKiB = uploadLimitKiB;
    this.maxConnections = maxConnections;
    this.maxPeersPerTorrent = maxPeersPerTorrent;
    this.subtitleLanguage = subtitleLanguage;
    this.subtitleSize = subtitleSize;
    this.defaultPlayer = defaultPlayer;
    this.seedRatioPercent = seedRatioPercent;
    this.encryption = encryption;
    this.transports = transports;
    // Validated after assignment, so the same getters serve validation, toMap() and storage.
    Map<String, String> problems = new TreeMap<>();
    for (Key key : KEYS.values()) {
      String problem = key.check(key.get(this));
      if (problem != null) {
        problems.put(key.name, problem);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
  }

  /** The defaults, with the given download folder (see {@link DataDirs#defaultDownloadDir()}). */
  public static Settings defaults(Path downloadFolder) {
    return new Settings(downloadFolder.toAbsolutePath().normalize(), DEFAULT_CACHE_LIMIT, false, DEFAULT_PEER_PORT,
        DEFAULT_HTTP_PORT, 0, 0, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_PEERS_PER_TORRENT, DEFAULT_SUBTITLE_LANGUAGE,
        DEFAULT_SUBTITLE_SIZE, "builtin", 0, "enabled", "both");
  }

  /** The setting names, in display order. */
  public static Set<String> keys() {
    return KEYS.keySet();
  }

  /** The settings as JSON-ready values (paths as strings), in display order. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Key key : KEYS.values()) {
      Object value = key.get(this);
      map.put(key.name, value instanceof Path path ? path.toString() : value);
    }
    return map;
  }

  /**
   * A copy with the given changes, as they come from JSON: numbers as any integral {@link Number}, booleans as
   * {@link Boolean}, paths and text as {@link String}. All problems are reported at once.
   *
   * @throws InvalidSettingsException naming every unknown key and every bad value, and why
   */
  public Settings update(Map<String, ?> changes) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Key key : KEYS.values()) {
      values.put(key.name, key.get(this));
    }
    Map<String, String> problems = new TreeMap<>();
    changes.forEach((name, raw) -> {
      Key key = KEYS.get(name);
      if (key == null) {
        problems.put(name, "unknown setting; known ones are " + String.join(", ", KEYS.keySet()));
        return;
      }
      try {
        Object value = key.coerce(raw);
        String problem = key.check(value);
        if (problem != null) {
          problems.put(name, problem);
        } else {
          values.put(name, value);
        }
      } catch (IllegalArgumentException e) {
        problems.put(name, e.getMessage());
      }
    });
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
    return fromValues(values);
  }

  /** Every setting as its stored text. */
  Map<String, String> toStored() {
    Map<String, String> stored = new LinkedHashMap<>();
    for (Key key : KEYS.values()) {
      stored.put(key.name, String.valueOf(key.get(this)));
    }
    return stored;
  }

  /**
   * The settings read back from storage over these defaults: unknown keys (from a newer Reel) are ignored, and a
   * value that no longer parses or validates falls back to its default, reported to {@code onBadValue}.
   */
  static Settings fromStored(Map<String, String> stored, Settings defaults, BiConsumer<String, String> onBadValue) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Key key : KEYS.values()) {
      Object value = key.get(defaults);
      String text = stored.get(key.name);
      if (text != null) {
        try {
          Object parsed = key.parse(text);
          String problem = key.check(parsed);
          if (problem == null) {
            value = parsed;
          } else {
            onBadValue.accept(key.name, problem);
          }
        } catch (IllegalArgumentException e) {
          onBadValue.accept(key.name, e.getMessage());
        }
      }
      values.put(key.name, value);
    }
    return fromValues(values);
  }

  private static Settings fromValues(Map<String, Object> v) {
    return new Settings((Path) v.get("downloadFolder"), (Long) v.get("cacheLimitBytes"),
        (Boolean) v.get("clearOnExit"), (Integer) v.get("peerPort"), (Integer) v.get("httpPort"),
        (Long) v.get("downloadLimitKiB"), (Long) v.get("uploadLimitKiB"), (Integer) v.get("maxConnections"),
        (Integer) v.get("maxPeersPerTorrent"), (String) v.get("subtitleLanguage"), (Integer) v.get("subtitleSize"),
        (String) v.get("defaultPlayer"), (Integer) v.get("seedRatioPercent"), (String) v.get("encryption"),
        (String) v.get("transports"));
  }

  // The keys: name, getter, type and rule. Coerce turns a JSON value into the type; check states the rule.

  private static final Map<String, Key> KEYS = new LinkedHashMap<>();

  static {
    path("downloadFolder", Settings::downloadFolder);
    longKey("cacheLimitBytes", Settings::cacheLimitBytes, MIN_CACHE_LIMIT, MAX_CACHE_LIMIT);
    bool("clearOnExit", Settings::clearOnExit);
    intKey("peerPort", Settings::peerPort, 0, 65535);
    intKey("httpPort", Settings::httpPort, 0, 65535);
    longKey("downloadLimitKiB", Settings::downloadLimitKiB, 0, MAX_RATE_KIB);
    longKey("uploadLimitKiB", Settings::uploadLimitKiB, 0, MAX_RATE_KIB);
    intKey("seedRatioPercent", Settings::seedRatioPercent, 0, MAX_SEED_RATIO_PERCENT);
    intKey("maxConnections", Settings::maxConnections, 1, MAX_CONNECTIONS);
    intKey("maxPeersPerTorrent", Settings::maxPeersPerTorrent, 1, MAX_PEERS_PER_TORRENT);
    text("subtitleLanguage", Settings::subtitleLanguage, value -> LANGUAGE.matcher(value).matches() ? null
        : "must be an ISO 639 language code such as \"en\" or \"pt-br\", or empty for none, not \"" + value + "\"");
    intKey("subtitleSize", Settings::subtitleSize, MIN_SUBTITLE_SIZE, MAX_SUBTITLE_SIZE);
    text("defaultPlayer", Settings::defaultPlayer, value -> oneOf(PLAYERS, value));
    text("encryption", Settings::encryption, value -> oneOf(ENCRYPTIONS, value));
    text("transports", Settings::transports, value -> oneOf(TRANSPORTS, value));
  }

  private record Key(
      String name,
      Function<Settings, Object> getter,
      Function<Object, Object> coercer,
      Function<String, Object> parser,
      Function<Object, String> rule) {

    Object get(Settings settings) {
      return getter.apply(settings);
    }

    Object coerce(Object raw) {
      if (raw == null) {
        throw new IllegalArgumentException("cannot be null");
      }
      return coercer.apply(raw);
    }

    Object parse(String stored) {
      return parser.apply(stored);
    }

    /** Null when the value is acceptable, else why not. */
    String check(Object value) {
      return value == null ? "cannot be null" : rule.apply(value);
    }
  }

  private static void add(Key key) {
    KEYS.put(key.name, key);
  }

  private static void path(String name, Function<Settings, Path> getter) {
    add(new Key(name, getter::apply, raw -> toPath(asString(raw)), Settings::toPath, value -> ((Path) value)
        .isAbsolute() ? null : "must be an absolute path, not \"" + value + "\""));
  }

  private static void longKey(String name, Function<Settings, Long> getter, long min, long max) {
    add(new Key(name, getter::apply, raw -> asLong(raw), Long::valueOf, value -> range((Long) value, min, max)));
  }

  private static void intKey(String name, Function<Settings, Integer> getter, int min, int max) {
    add(new Key(name, getter::apply, raw -> {
      long value = asLong(raw);
      if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(range(value, min, max));
      }
      return (int) value;
    }, Integer::valueOf, value -> range((Integer) value, min, max)));
  }

  private static void bool(String name, Function<Settings, Boolean> getter) {
    add(new Key(name, getter::apply, raw -> {
      if (raw instanceof Boolean b) {
        return b;
      }
      throw new IllegalArgumentException("must be true or false, not " + describe(raw));
    }, text -> switch (text) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException("must be true or false, not \"" + text + "\"");
    }, value -> null));
  }

  private static void text(String name, Function<Settings, String> getter, Function<String, String> rule) {
    add(new Key(name, getter::apply, raw -> asString(raw).strip().toLowerCase(Locale.ROOT), text -> text,
        value -> rule.apply((String) value)));
  }

  private static String oneOf(List<String> allowed, String value) {
    return allowed.contains(value) ? null : "must be one of " + String.join(", ", allowed) + ", not \"" + value + "\"";
  }

  private static String range(long value, long min, long max) {
    return value >= min && value <= max ? null
        : "must be between " + min + " and " + max + ", not " + value;
  }

  private static long asLong(Object raw) {
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
      return ((Number) raw).longValue();
    }
    if (raw instanceof BigInteger big) {
      if (big.bitLength() < 64) {
        return big.longValue();
      }
      throw new IllegalArgumentException("is too large: " + big);
    }
    if (raw instanceof Number number) {
      double d = number.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
        return (long) d;
      }
      throw new IllegalArgumentException("must be a whole number, not " + number);
    }
    throw new IllegalArgumentException("must be a whole number, not " + describe(raw));
  }

  private static String asString(Object raw) {
    if (raw instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("must be text, not " + describe(raw));
  }

  private static Path toPath(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("must be an absolute path, not empty");
    }
    try {
      return Path.of(text).normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("is not a valid path: " + e.getMessage());
    }
  }

  private static String describe(Object raw) {
    return raw instanceof String s ? "\"" + s + "\"" : raw + " (" + raw.getClass().getSimpleName() + ")";
  }

  /** Settings that do not validate: one message per key, naming the rule broken. */
  public static final class InvalidSettingsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final Map<String, String> problems;

    InvalidSettingsException(Map<String, String> problems) {
      super(message(problems));
      this.problems = Collections.unmodifiableMap(new TreeMap<>(problems));
    }

    /** For each offending key, what is wrong with it. */
    public Map<String, String> problems() {
      return problems;
    }

    private static String message(Map<String, String> problems) {
      StringBuilder text = new StringBuilder("invalid settings: ");
      problems.forEach((key, problem) -> text.append(key).append(' ').append(problem).append("; "));
      text.setLength(text.length() - 2);
      return text.toString();
    }
  }
}
