package dev.reel.engine.dht;

import dev.reel.engine.bencode.BDecoder;
import dev.reel.engine.bencode.BDict;
import dev.reel.engine.bencode.BEncoder;
import dev.reel.engine.bencode.BInt;
import dev.reel.engine.bencode.BList;
import dev.reel.engine.bencode.BString;
import dev.reel.engine.bencode.BValue;
import dev.reel.engine.bencode.BencodeException;
import dev.reel.engine.metainfo.InfoHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * KRPC messages (BEP 5 "KRPC Protocol"): a sealed family of queries, one response shape and errors, with a strict
 * codec. Records are immutable by convention: their byte arrays must not be modified after construction. Thread-safe
 * (stateless codec).
 *
 * <p>Encoding is canonical bencode, so encoding BEP 5's example messages gives their bytes exactly. The optional
 * {@code v} (client version) key is written only when a version is given. Responses keep {@code nodes} and
 * {@code values} as raw bytes, so what is decoded encodes back the same; {@link Response#nodeInfos()} and {@link
 * Response#peers()} parse them.
 *
 * <p>BEP 32 (IPv6): responses may carry {@code nodes6} (38-byte compact IPv6 node infos) beside {@code nodes}, and
 * {@code values} may mix 6-byte IPv4 and 18-byte IPv6 peers; find_node and get_peers may carry {@code want}, a list
 * of "n4" and/or "n6" naming the node lists wanted in the reply ({@link #WANT_N4}, {@link #WANT_N6} as flags; 0 is
 * no {@code want} key, other strings are ignored).
 */
public sealed interface Krpc permits Krpc.Query, Krpc.Response, Krpc.Error {
  /** Largest datagram read or accepted; anything longer is dropped unparsed. Mainline packets fit in one MTU. */
  int MAX_PACKET = 2048;
  /** Longest transaction id echoed back; real clients use 2-4 bytes. */
  int MAX_TXN_LENGTH = 16;

  int GENERIC_ERROR = 201;
  int SERVER_ERROR = 202;
  int PROTOCOL_ERROR = 203;
  int METHOD_UNKNOWN = 204;
  /** BEP 32 {@code want} flag "n4": the reply should hold {@code nodes}. */
  int WANT_N4 = 1;
  /** BEP 32 {@code want} flag "n6": the reply should hold {@code nodes6}. */
  int WANT_N6 = 2;

  /** The transaction id, echoed by the response (BEP 5 key {@code t}). */
  byte[] txn();

  /** A query ({@code y = q}). {@code readOnly} is BEP 43's top-level {@code ro = 1}. */
  sealed interface Query extends Krpc permits Ping, FindNode, GetPeers, AnnouncePeer, UnknownQuery {
    NodeId id();

    boolean readOnly();

    String method();
  }

  record Ping(byte[] txn, NodeId id, boolean readOnly) implements Query {
    @Override
    public String method() {
      return "ping";
    }
  }

  /** {@code want}: BEP 32 flags ({@link #WANT_N4}, {@link #WANT_N6}), 0 when the query has no {@code want}. */
  record FindNode(byte[] txn, NodeId id, NodeId target, boolean readOnly, int want) implements Query {
    public FindNode(byte[] txn, NodeId id, NodeId target, boolean readOnly) {
      this(txn, id, target, readOnly, 0);
    }

    @Override
    public String method() {
      return "find_node";
    }
  }

  /** {@code want}: BEP 32 flags ({@link #WANT_N4}, {@link #WANT_N6}), 0 when the query has no {@code want}. */
  record GetPeers(byte[] txn, NodeId id, InfoHash infoHash, boolean readOnly, int want) implements Query {
    public GetPeers(byte[] txn, NodeId id, InfoHash infoHash, boolean readOnly) {
      this(txn, id, infoHash, readOnly, 0);
    }

    @Override
    public String method() {
      return "get_peers";
    }
  }

  /** {@code impliedPort}: the receiver uses the UDP source port instead of {@code port} (BEP 5). */
  record AnnouncePeer(byte[] txn, NodeId id, InfoHash infoHash, int port, byte[] token, boolean impliedPort,
      boolean readOnly) implements Query {
    @Override
    public String method() {
      return "announce_peer";
    }
  }

  /** A query whose method we do not implement; answered with error 204. */
  record UnknownQuery(byte[] txn, NodeId id, String method, boolean readOnly) implements Query {}

  /**
   * A response ({@code y = r}). {@code nodes}, {@code nodes6}, {@code token}, {@code values} and {@code ip} are null
   * when absent; {@code ip} is BEP 42's compact address of the querier, at the top level; {@code nodes6} is BEP 32's.
   */
  record Response(byte[] txn, NodeId id, byte[] nodes, byte[] token, List<byte[]> values, byte[] ip, byte[] nodes6)
      implements Krpc {
    /** A response without {@code nodes6}. */
    public Response(byte[] txn, NodeId id, byte[] nodes, byte[] token, List<byte[]> values, byte[] ip) {
      this(txn, id, nodes, token, values, ip, null);
    }

    public static Response of(byte[] txn, NodeId id) {
      return new Response(txn, id, null, null, null, null, null);
    }

    /** The IPv4 nodes of {@code nodes}, then the IPv6 nodes of {@code nodes6} (BEP 32). */
    public List<NodeInfo> nodeInfos() {
      List<NodeInfo> out = new ArrayList<>(nodes == null ? List.of() : NodeInfo.decodeCompact(nodes));
      if (nodes6 != null) {
        out.addAll(NodeInfo.decodeCompact6(nodes6));
      }
      return out;
    }

    /** The peers in {@code values}: 6-byte IPv4 and 18-byte IPv6 entries (BEP 32); other lengths are skipped. */
    public List<java.net.InetSocketAddress> peers() {
      List<java.net.InetSocketAddress> out = new ArrayList<>();
      if (values != null) {
        for (byte[] v : values) {
          if (v.length == 6) {
            out.addAll(dev.reel.engine.net.CompactPeers.decode4(v));
          } else if (v.length == 18) {
            out.addAll(dev.reel.engine.net.CompactPeers.decode6(v));
          }
        }
      }
      return out;
    }
  }

  record Error(byte[] txn, int code, String message) implements Krpc {}

  /** A message that could not be decoded. {@code txn} is non-null when the error can be answered with 203/204. */
  final class MalformedException extends Exception {
    private final byte[] txn;
    private final int code;

    MalformedException(String message, byte[] txn, int code) {
      super(message);
      this.txn = txn;
      this.code = code;
    }

    /** The transaction id to answer with an error, or null to drop silently. */
    public byte[] txn() {
      return txn;
    }

    /** The KRPC error code to answer with (203 or 204). */
    public int code() {
      return code;
    }
  }

  /** Encodes without a client version. */
  static byte[] encode(Krpc message) {
    return encode(message, null);
  }

  /** Encodes, adding {@code v} when {@code version} is non-null. */
  static byte[] encode(Krpc message, byte[] version) {
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("t", message.txn());
    switch (message) {
      case Query q -> {
        top.put("y", "q");
        top.put("q", q.method());
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", q.id().bytes());
        switch (q) {
          case Ping p -> {}
          case FindNode f -> {
            a.put("target", f.target().bytes());
            putWant(a, f.want());
          }
          case GetPeers g -> {
            a.put("info_hash", g.infoHash().bytes());
            putWant(a, g.want());
          }
          case AnnouncePeer ap -> {
            a.put("info_hash", ap.infoHash().bytes());
            a.put("port", ap.port());
            a.put("token", ap.token());
            if (ap.impliedPort()) {
              a.put("implied_port", 1);
            }
          }
          case UnknownQuery u -> {}
        }
        top.put("a", a);
        if (q.readOnly()) {
          top.put("ro", 1);
        }
      }
      case Response r -> {
        top.put("y", "r");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", r.id().bytes());
        if (r.nodes() != null) {
          body.put("nodes", r.nodes());
        }
        if (r.nodes6() != null) {
          body.put("nodes6", r.nodes6());
        }
        if (r.token() != null) {
          body.put("token", r.token());
        }
        if (r.values() != null) {
          body.put("values", new ArrayList<Object>(r.values()));
        }
        top.put("r", body);
        if (r.ip() != null) {
          top.put("ip", r.ip());
        }
      }
      case Error e -> {
        top.put("y", "e");
        top.put("e", List.of(e.code(), e.message().getBytes(StandardCharsets.UTF_8)));
      }
    }
    if (version != null) {
      top.put("v", version);
    }
    return BEncoder.encode(top);
  }

  /** Decoder limits for one datagram: shallow nesting, few values. */
  BDecoder DECODER = new BDecoder(new BDecoder.Limits(8, 1024, MAX_PACKET));

  /**
   * Decodes one datagram. Unknown keys are ignored (BEP 5 asks for forward compatibility).
   *
   * @throws MalformedException when the packet is too long, not bencode, or lacks a required field
   */
  static Krpc decode(byte[] packet) throws MalformedException {
    if (packet.length > MAX_PACKET) {
      throw new MalformedException("packet of " + packet.length + " bytes exceeds " + MAX_PACKET, null, 0);
    }
    BValue root;
    try {
      root = DECODER.decodeAll(packet);
    } catch (BencodeException e) {
      throw new MalformedException("not bencode: " + e.getMessage(), null, 0);
    }
    if (!(root instanceof BDict top)) {
      throw new MalformedException("top level is not a dictionary", null, 0);
    }
    byte[] txn = top.string("t").map(BString::bytes).orElse(null);
    if (txn == null || txn.length > MAX_TXN_LENGTH) {
      throw new MalformedException("missing or oversized transaction id", null, 0);
    }
    String y = top.text("y").orElse("");
    switch (y) {
      case "q" -> {
        return decodeQuery(top, txn);
      }
      case "r" -> {
        BDict r = top.dict("r").orElseThrow(() -> new MalformedException("response without 'r'", null, 0));
        NodeId id = nodeId(r, "id", null);
        byte[] nodes = r.string("nodes").map(BString::bytes).orElse(null);
        byte[] token = r.string("token").map(BString::bytes).orElse(null);
        List<byte[]> values = null;
        if (r.get("values") instanceof BList vl) {
          values = new ArrayList<>(vl.size());
          for (BValue v : vl.items()) {
            if (!(v instanceof BString s)) {
              throw new MalformedException("'values' holds a non-string", null, 0);
            }
            values.add(s.bytes());
          }
        }
        byte[] ip = top.string("ip").map(BString::bytes).orElse(null);
        byte[] nodes6 = r.string("nodes6").map(BString::bytes).orElse(null);
        return new Response(txn, id, nodes, token, values, ip, nodes6);
      }
      case "e" -> {
        BList e = top.list("e").orElseThrow(() -> new MalformedException("error without 'e'", null, 0));
        if (e.size() < 2 || !(e.get(0) instanceof BInt code) || !(e.get(1) instanceof BString msg)) {
          throw new MalformedException("error 'e' is not [code, message]", null, 0);
        }
        return new Error(txn, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, code.value())),
            msg.utf8());
      }
      default -> throw new MalformedException("unknown message type 'y'", txn, PROTOCOL_ERROR);
    }
  }

  private static Query decodeQuery(BDict top, byte[] txn) throws MalformedException {
    String method = top.text("q").orElseThrow(() -> new MalformedException("query without 'q'", txn, PROTOCOL_ERROR));
    BDict a = top.dict("a").orElseThrow(() -> new MalformedException("query without 'a'", txn, PROTOCOL_ERROR));
    NodeId id = nodeId(a, "id", txn);
    boolean ro = top.integer("ro").orElse(0L) == 1L;
    return switch (method) {
      case "ping" -> new Ping(txn, id, ro);
      case "find_node" -> new FindNode(txn, id, nodeId(a, "target", txn), ro, want(a));
      case "get_peers" -> new GetPeers(txn, id, InfoHash.of(nodeId(a, "info_hash", txn).bytes()), ro, want(a));
      case "announce_peer" -> {
        InfoHash ih = InfoHash.of(nodeId(a, "info_hash", txn).bytes());
        long port = a.integer("port").orElse(-1L);
        boolean implied = a.integer("implied_port").orElse(0L) != 0L;
        if (!implied && (port < 1 || port > 65535)) {
          throw new MalformedException("announce_peer without a valid 'port'", txn, PROTOCOL_ERROR);
        }
        byte[] token = a.string("token").map(BString::bytes)
            .orElseThrow(() -> new MalformedException("announce_peer without 'token'", txn, PROTOCOL_ERROR));
        yield new AnnouncePeer(txn, id, ih, implied && (port < 1 || port > 65535) ? 0 : (int) port, token, implied,
            ro);
      }
      default -> new UnknownQuery(txn, id, method, ro);
    };
  }

  private static void putWant(Map<String, Object> a, int want) {
    if (want != 0) {
      List<Object> w = new ArrayList<>();
      if ((want & WANT_N4) != 0) {
        w.add("n4");
      }
      if ((want & WANT_N6) != 0) {
        w.add("n6");
      }
      a.put("want", w);
    }
  }

  /** BEP 32 {@code want} as flags; strings other than "n4"/"n6" (and non-strings) are ignored. */
  private static int want(BDict a) {
    int want = 0;
    if (a.get("want") instanceof BList l) {
      for (BValue v : l.items()) {
        if (v instanceof BString s && s.length() == 2) {
          String w = s.utf8();
          want |= w.equals("n4") ? WANT_N4 : w.equals("n6") ? WANT_N6 : 0;
        }
      }
    }
    return want;
  }

  private static NodeId nodeId(BDict d, String key, byte[] txn) throws MalformedException {
    BString s = d.string(key).orElse(null);
    if (s == null || s.length() != NodeId.LENGTH) {
      throw new MalformedException("'" + key + "' is not 20 bytes", txn, PROTOCOL_ERROR);
    }
    return NodeId.of(s.bytes());
  }
}
