package dev.reel.engine.wire;

import dev.reel.engine.bencode.BDecoder;
import dev.reel.engine.bencode.BDict;
import dev.reel.engine.bencode.BEncoder;
import dev.reel.engine.bencode.BInt;
import dev.reel.engine.bencode.BValue;
import dev.reel.engine.bencode.BencodeException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The extension protocol handshake (BEP 10), sent as extended message 0 after the BitTorrent handshake when both
 * sides set the extension bit. Immutable.
 *
 * <p>{@code m} maps extension names to the ids the <em>sender</em> wants to receive them under; id 0 means the
 * extension is disabled (it may be sent in a later handshake to turn one off). Use {@link #idOf} to look an
 * extension up. Other keys: {@code p} (listen port), {@code v} (client name and version), {@code reqq} (request queue
 * depth), {@code metadata_size} (BEP 9), {@code yourip} (our address as the peer sees it) and {@code ipv6} (the
 * sender's own IPv6 address, 16 bytes, so a peer reached over IPv4 can also be dialed over IPv6).
 *
 * <p>Decoding is lenient like libtorrent's: unknown keys are ignored, as are known keys with the wrong type or an
 * out-of-range value (an {@code m} id outside 0..255, a port outside 1..65535, a {@code yourip} that is not 4 or 16
 * bytes, an {@code ipv6} that is not 16). Only a payload that is not a bencoded dictionary fails.
 */
public record ExtensionHandshake(
    Map<String, Integer> m,
    OptionalInt listenPort,
    Optional<String> client,
    OptionalInt reqq,
    OptionalInt metadataSize,
    Optional<InetAddress> yourIp,
    Optional<Inet6Address> ipv6) {

  public static final String UT_METADATA = "ut_metadata";
  public static final String UT_PEX = "ut_pex";
  /** The ids Reel asks peers to use for the extensions it supports (any 1..255 would do). */
  public static final int LOCAL_UT_METADATA_ID = 1;
  public static final int LOCAL_UT_PEX_ID = 2;
  /** Reel's advertised request queue depth; libtorrent's default is 500 too. */
  public static final int DEFAULT_REQQ = 500;
  public static final int MAX_EXTENSION_ID = 255;
  /** Longest payload decoded; handshakes are a few hundred bytes. */
  public static final int MAX_LENGTH = 64 * 1024;

  private static final BDecoder DECODER = new BDecoder(new BDecoder.Limits(16, 10_000, MAX_LENGTH));

  /** A handshake without an {@code ipv6} address. */
  public ExtensionHandshake(Map<String, Integer> m, OptionalInt listenPort, Optional<String> client, OptionalInt reqq,
      OptionalInt metadataSize, Optional<InetAddress> yourIp) {
    this(m, listenPort, client, reqq, metadataSize, yourIp, Optional.empty());
  }

  public ExtensionHandshake {
    Map<String, Integer> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : m.entrySet()) {
      int id = e.getValue();
      if (id < 0 || id > MAX_EXTENSION_ID) {
        throw new IllegalArgumentException("extension id for " + e.getKey() + " out of range 0..255: " + id);
      }
      copy.put(e.getKey(), id);
    }
    m = Collections.unmodifiableMap(copy);
    if (listenPort.isPresent() && (listenPort.getAsInt() < 1 || listenPort.getAsInt() > 0xffff)) {
      throw new IllegalArgumentException("listen port out of range: " + listenPort.getAsInt());
    }
    if (reqq.isPresent() && reqq.getAsInt() < 1) {
      throw new IllegalArgumentException("reqq must be positive: " + reqq.getAsInt());
    }
    if (metadataSize.isPresent() && metadataSize.getAsInt() < 0) {
      throw new IllegalArgumentException("metadata_size must not be negative: " + metadataSize.getAsInt());
    }
  }

  /**
   * Reel's handshake: ut_metadata and ut_pex under the local ids, our listen port (0 = not listening, omitted), the
   * client string {@link PeerIds#CLIENT}, {@link #DEFAULT_REQQ}, the metadata size when we have the info dictionary,
   * and the peer's address as we see it.
   */
  public static ExtensionHandshake ours(int listenPort, OptionalInt metadataSize, Optional<InetAddress> peerAddress) {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put(UT_METADATA, LOCAL_UT_METADATA_ID);
    m.put(UT_PEX, LOCAL_UT_PEX_ID);
    return new ExtensionHandshake(
        m,
        listenPort > 0 ? OptionalInt.of(listenPort) : OptionalInt.empty(),
        Optional.of(PeerIds.CLIENT),
        OptionalInt.of(DEFAULT_REQQ),
        metadataSize,
        peerAddress);
  }

  /** The id the sender wants for an extension, empty if it does not support it or disabled it (id 0). */
  public OptionalInt idOf(String extension) {
    Integer id = m.get(extension);
    return id == null || id == 0 ? OptionalInt.empty() : OptionalInt.of(id);
  }

  public boolean supports(String extension) {
    return idOf(extension).isPresent();
  }

  /** The bencoded dictionary (the payload of extended message 0). */
  public byte[] encode() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("m", new LinkedHashMap<String, Object>(m));
    listenPort.ifPresent(p -> d.put("p", p));
    client.ifPresent(v -> d.put("v", v));
    reqq.ifPresent(q -> d.put("reqq", q));
    metadataSize.ifPresent(s -> d.put("metadata_size", s));
    yourIp.ifPresent(a -> d.put("yourip", a.getAddress()));
    ipv6.ifPresent(a -> d.put("ipv6", a.getAddress()));
    return BEncoder.encode(d);
  }

  /**
   * Decodes an extension handshake payload.
   *
   * @throws ProtocolException if the payload is not one bencoded dictionary or longer than {@link #MAX_LENGTH}
   */
  public static ExtensionHandshake decode(byte[] payload) throws ProtocolException {
    if (payload.length > MAX_LENGTH) {
      throw new ProtocolException("extension handshake of " + payload.length + " bytes exceeds " + MAX_LENGTH);
    }
    BValue v;
    try {
      v = DECODER.decodeAll(payload);
    } catch (BencodeException e) {
      throw new ProtocolException("malformed extension handshake: " + e.getMessage(), e);
    }
    if (!(v instanceof BDict d)) {
      throw new ProtocolException("extension handshake is not a dictionary");
    }
    Map<String, Integer> m = new LinkedHashMap<>();
    d.dict("m").ifPresent(md -> {
      for (Map.Entry<String, BValue> e : md.entries().entrySet()) {
        if (e.getValue() instanceof BInt id && id.value() >= 0 && id.value() <= MAX_EXTENSION_ID) {
          // Keys are held as ISO-8859-1; extension names are ASCII in practice, decode as UTF-8 for display.
          String name = new String(e.getKey().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
          m.put(name, (int) id.value());
        }
      }
    });
    OptionalInt port = intIn(d, "p", 1, 0xffff);
    Optional<String> client = d.text("v");
    OptionalInt reqq = intIn(d, "reqq", 1, Integer.MAX_VALUE);
    OptionalInt metadataSize = intIn(d, "metadata_size", 0, Integer.MAX_VALUE);
    Optional<InetAddress> yourIp = d.string("yourip").flatMap(s -> address(s.bytes()));
    Optional<Inet6Address> ipv6 = d.string("ipv6").filter(s -> s.bytes().length == 16).flatMap(s -> address(s.bytes()))
        .filter(a -> a instanceof Inet6Address).map(a -> (Inet6Address) a);
    return new ExtensionHandshake(m, port, client, reqq, metadataSize, yourIp, ipv6);
  }

  private static OptionalInt intIn(BDict d, String key, long min, long max) {
    Optional<Long> v = d.integer(key);
    return v.isPresent() && v.get() >= min && v.get() <= max ? OptionalInt.of((int) (long) v.get()) : OptionalInt.empty();
  }

  private static Optional<InetAddress> address(byte[] b) {
    if (b.length != 4 && b.length != 16) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(b));
    } catch (UnknownHostException e) {
      throw new AssertionError("fixed-length address", e);
    }
  }
}
