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

  record FindNode(byte[] txn, NodeId id, NodeId target, boolean readOnly) implements Query {
    @Override
    public String method() {
      return "find_node";
    }
  }

  record GetPeers(byte[] txn, NodeId id, InfoHash infoHash, boolean readOnly) implements Query {
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
   * A response ({@code y = r}). {@code nodes}, {@code token}, {@code values} and {@code ip} are null when absent;
   * {@code ip} is BEP 42's compact address of the querier, at the top level.
   */
  record Response(byte[] txn, NodeId id, byte[] nodes, byte[] token, List<byte[]> values, byte[] ip)
      implements Krpc {
    public static Response of(byte[] txn, NodeId id) {
      return new Response(txn, id, null, null, null, null);
    }

    public List<NodeInfo> nodeInfos() {
      return nodes == null ? List.of() : NodeInfo.decodeCompact(nodes);
    }

    /** The IPv4 peers in {@code values}; entries of other lengths are skipped. */
    public List<java.net.InetSocketAddress> peers() {
      List<java.net.InetSocketAddress> out = new ArrayList<>();
      if (values != null) {
        for (byte[] v : values) {
          if (v.length == 6) {
            out.addAll(dev.reel.engine.net.CompactPeers.decode4(v));
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
          case FindNode f -> a.put("target", f.target().bytes());
          case GetPeers g -> a.put("info_hash", g.infoHash().bytes());
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
        return new Response(txn, id, nodes, token, values, ip);
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
      case "find_node" -> new FindNode(txn, id, nodeId(a, "target", txn), ro);
      case "get_peers" -> new GetPeers(txn, id, InfoHash.of(nodeId(a, "info_hash", txn).bytes()), ro);
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

  private static NodeId nodeId(BDict d, String key, byte[] txn) throws MalformedException {
    BString s = d.string(key).orElse(null);
    if (s == null || s.length() != NodeId.LENGTH) {
      throw new MalformedException("'" + key + "' is not 20 bytes", txn, PROTOCOL_ERROR);
    }
    return NodeId.of(s.bytes());
  }
}
