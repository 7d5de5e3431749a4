package dev.reel.engine.wire;

import dev.reel.engine.bencode.BDecoder;
import dev.reel.engine.bencode.BDict;
import dev.reel.engine.bencode.BEncoder;
import dev.reel.engine.bencode.BValue;
import dev.reel.engine.bencode.BencodeException;
import dev.reel.engine.net.CompactPeers;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ut_pex peer exchange message (BEP 11): peers the sender connected to ({@code added}, with one flags byte each)
 * and disconnected from ({@code dropped}), IPv4 and IPv6 in separate compact lists ({@link CompactPeers}).
 * Immutable (flag arrays are copied in and out).
 *
 * <p>Senders should put at most {@link #RECOMMENDED_MAX} peers in each of added and dropped (BEP 11); {@link
 * #encode()} does not enforce it. {@link #decode} takes at most {@link #MAX_DECODED} added and {@value #MAX_DECODED}
 * dropped peers (IPv4 first) from one message and ignores the rest, entries with port 0, and fields of the wrong type.
 */
public record PexMessage(
    List<InetSocketAddress> added,
    byte[] addedFlags,
    List<InetSocketAddress> dropped,
    List<InetSocketAddress> added6,
    byte[] added6Flags,
    List<InetSocketAddress> dropped6) {

  /** The peer prefers encryption ({@code e} in its extension handshake). */
  public static final int FLAG_ENCRYPTION = 0x01;
  /** The peer is a seed or upload-only. */
  public static final int FLAG_SEED = 0x02;
  /** The peer supports uTP. */
  public static final int FLAG_UTP = 0x04;
  /** The peer supports ut_holepunch. */
  public static final int FLAG_HOLEPUNCH = 0x08;
  /** The sender connected out to the peer: it is reachable. */
  public static final int FLAG_OUTGOING = 0x10;

  /** BEP 11: except for the first message, at most 50 added and 50 dropped contacts per message. */
  public static final int RECOMMENDED_MAX = 50;
  /** Most added (and, separately, dropped) peers taken from one received message. */
  public static final int MAX_DECODED = 200;

  private static final BDecoder DECODER = new BDecoder(new BDecoder.Limits(8, 1_000, MessageCodec.MAX_MESSAGE));

  /** An added peer with its flags. */
  public record Peer(InetSocketAddress address, int flags) {
    public Peer {
      if (flags < 0 || flags > 0xff) {
        throw new IllegalArgumentException("flags must fit in a byte: " + flags);
      }
    }

    public boolean has(int flag) {
      return (flags & flag) != 0;
    }
  }

  public PexMessage {
    added = List.copyOf(added);
    dropped = List.copyOf(dropped);
    added6 = List.copyOf(added6);
    dropped6 = List.copyOf(dropped6);
    addedFlags = addedFlags.clone();
    added6Flags = added6Flags.clone();
    if (addedFlags.length != added.size() || added6Flags.length != added6.size()) {
      throw new IllegalArgumentException("one flags byte per added peer is required");
    }
    requireFamily(added, true, "added");
    requireFamily(dropped, true, "dropped");
    requireFamily(added6, false, "added6");
    requireFamily(dropped6, false, "dropped6");
  }

  /** A message from mixed IPv4/IPv6 lists; peers without a resolved address are skipped. */
  public static PexMessage of(Collection<Peer> added, Collection<InetSocketAddress> dropped) {
    List<InetSocketAddress> a4 = new ArrayList<>();
    List<InetSocketAddress> a6 = new ArrayList<>();
    byte[] f4 = new byte[added.size()];
    byte[] f6 = new byte[added.size()];
    for (Peer p : added) {
      switch (p.address().getAddress()) {
        case Inet4Address v4 -> f4[addTo(a4, p.address())] = (byte) p.flags();
        case Inet6Address v6 -> f6[addTo(a6, p.address())] = (byte) p.flags();
        case null, default -> {}
      }
    }
    List<InetSocketAddress> d4 = new ArrayList<>();
    List<InetSocketAddress> d6 = new ArrayList<>();
    for (InetSocketAddress d : dropped) {
      switch (d.getAddress()) {
        case Inet4Address v4 -> d4.add(d);
        case Inet6Address v6 -> d6.add(d);
        case null, default -> {}
      }
    }
    return new PexMessage(a4, Arrays.copyOf(f4, a4.size()), d4, a6, Arrays.copyOf(f6, a6.size()), d6);
  }

  private static int addTo(List<InetSocketAddress> list, InetSocketAddress a) {
    list.add(a);
    return list.size() - 1;
  }

  /** All added peers, IPv4 then IPv6, with their flags. */
  public List<Peer> allAdded() {
    List<Peer> out = new ArrayList<>(added.size() + added6.size());
    for (int i = 0; i < added.size(); i++) {
      out.add(new Peer(added.get(i), addedFlags[i] & 0xff));
    }
    for (int i = 0; i < added6.size(); i++) {
      out.add(new Peer(added6.get(i), added6Flags[i] & 0xff));
    }
    return out;
  }

  /** All dropped peers, IPv4 then IPv6. */
  public List<InetSocketAddress> allDropped() {
    List<InetSocketAddress> out = new ArrayList<>(dropped);
    out.addAll(dropped6);
    return out;
  }

  /** The bencoded payload; all six keys are present, empty ones as empty strings. */
  public byte[] encode() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("added", CompactPeers.encode4(added));
    d.put("added.f", addedFlags);
    d.put("dropped", CompactPeers.encode4(dropped));
    d.put("added6", CompactPeers.encode6(added6));
    d.put("added6.f", added6Flags);
    d.put("dropped6", CompactPeers.encode6(dropped6));
    return BEncoder.encode(d);
  }

  /**
   * Decodes a ut_pex payload, keeping at most {@link #MAX_DECODED} added and {@link #MAX_DECODED} dropped peers.
   * Missing flags count as 0.
   *
   * @throws ProtocolException if the payload is not one bencoded dictionary
   */
  public static PexMessage decode(byte[] payload) throws ProtocolException {
    BValue v;
    try {
      v = DECODER.decodeAll(payload);
    } catch (BencodeException e) {
      throw new ProtocolException("malformed ut_pex message: " + e.getMessage(), e);
    }
    if (!(v instanceof BDict d)) {
      throw new ProtocolException("ut_pex message is not a dictionary");
    }
    List<InetSocketAddress> a4 = new ArrayList<>();
    List<InetSocketAddress> a6 = new ArrayList<>();
    List<InetSocketAddress> d4 = new ArrayList<>();
    List<InetSocketAddress> d6 = new ArrayList<>();
    byte[] f4 = take(d, "added", "added.f", 4, a4, MAX_DECODED);
    byte[] f6 = take(d, "added6", "added6.f", 16, a6, MAX_DECODED - a4.size());
    take(d, "dropped", null, 4, d4, MAX_DECODED);
    take(d, "dropped6", null, 16, d6, MAX_DECODED - d4.size());
    return new PexMessage(a4, f4, d4, a6, f6, d6);
  }

  /** Appends up to {@code max} peers of a compact list to {@code out}; returns their flags (one byte each). */
  private static byte[] take(BDict d, String key, String flagsKey, int addrLen, List<InetSocketAddress> out, int max) {
    byte[] compact = d.string(key).map(s -> s.bytes()).orElse(new byte[0]);
    byte[] flags = flagsKey == null ? new byte[0] : d.string(flagsKey).map(s -> s.bytes()).orElse(new byte[0]);
    int entry = addrLen + 2;
    byte[] kept = new byte[Math.max(0, Math.min(max, compact.length / entry))];
    for (int i = 0; i < compact.length / entry && out.size() < kept.length; i++) {
      byte[] one = Arrays.copyOfRange(compact, i * entry, (i + 1) * entry);
      List<InetSocketAddress> peer = addrLen == 4 ? CompactPeers.decode4(one) : CompactPeers.decode6(one);
      if (peer.isEmpty()) {
        continue; // port 0
      }
      kept[out.size()] = i < flags.length ? flags[i] : 0;
      out.add(peer.getFirst());
    }
    return Arrays.copyOf(kept, out.size());
  }

  private static void requireFamily(List<InetSocketAddress> peers, boolean v4, String field) {
    for (InetSocketAddress p : peers) {
      boolean ok = v4 ? p.getAddress() instanceof Inet4Address : p.getAddress() instanceof Inet6Address;
      if (!ok) {
        throw new IllegalArgumentException(field + " holds " + (v4 ? "IPv4" : "IPv6") + " peers only, not " + p);
      }
    }
  }

  @Override
  public byte[] addedFlags() {
    return addedFlags.clone();
  }

  @Override
  public byte[] added6Flags() {
    return added6Flags.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PexMessage p
        && added.equals(p.added)
        && Arrays.equals(addedFlags, p.addedFlags)
        && dropped.equals(p.dropped)
        && added6.equals(p.added6)
        && Arrays.equals(added6Flags, p.added6Flags)
        && dropped6.equals(p.dropped6);
  }

  @Override
  public int hashCode() {
    return List.of(added, dropped, added6, dropped6).hashCode() * 31
        + Arrays.hashCode(addedFlags) * 7 + Arrays.hashCode(added6Flags);
  }

  @Override
  public String toString() {
    return "PexMessage[added=" + added.size() + ", dropped=" + dropped.size()
        + ", added6=" + added6.size() + ", dropped6=" + dropped6.size() + "]";
  }
}
