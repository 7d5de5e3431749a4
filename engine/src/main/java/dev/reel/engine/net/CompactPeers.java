package dev.reel.engine.net;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Compact peer lists: 6 bytes per IPv4 peer (BEP 23) and 18 per IPv6 peer (BEP 7), address then big-endian port.
 * Port 0 entries are dropped. A trailing partial entry is ignored. Thread-safe (stateless).
 */
public final class CompactPeers {
  private CompactPeers() {}

  public static List<InetSocketAddress> decode4(byte[] b) {
    return decode(b, 4);
  }

  public static List<InetSocketAddress> decode6(byte[] b) {
    return decode(b, 16);
  }

  private static List<InetSocketAddress> decode(byte[] b, int addrLen) {
    int entry = addrLen + 2;
    List<InetSocketAddress> out = new ArrayList<>(b.length / entry);
    byte[] addr = new byte[addrLen];
    for (int i = 0; i + entry <= b.length; i += entry) {
      System.arraycopy(b, i, addr, 0, addrLen);
      int port = ((b[i + addrLen] & 0xff) << 8) | (b[i + addrLen + 1] & 0xff);
      if (port == 0) {
        continue;
      }
      try {
        out.add(new InetSocketAddress(InetAddress.getByAddress(addr), port));
      } catch (UnknownHostException e) {
        throw new AssertionError("fixed-length address", e);
      }
    }
    return out;
  }

  /** One peer in compact form: 6 bytes for IPv4, 18 for IPv6. */
  public static byte[] encode(InetSocketAddress peer) {
    byte[] a = peer.getAddress().getAddress();
    byte[] out = new byte[a.length + 2];
    System.arraycopy(a, 0, out, 0, a.length);
    out[a.length] = (byte) (peer.getPort() >>> 8);
    out[a.length + 1] = (byte) peer.getPort();
    return out;
  }

  /** The IPv4 peers of a collection, concatenated. */
  public static byte[] encode4(Collection<InetSocketAddress> peers) {
    return encodeAll(peers, true);
  }

  /** The IPv6 peers of a collection, concatenated. */
  public static byte[] encode6(Collection<InetSocketAddress> peers) {
    return encodeAll(peers, false);
  }

  private static byte[] encodeAll(Collection<InetSocketAddress> peers, boolean v4) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (InetSocketAddress p : peers) {
      InetAddress a = p.getAddress();
      if (a == null) {
        continue;
      }
      if (v4 ? a instanceof Inet4Address : a instanceof Inet6Address) {
        out.writeBytes(encode(p));
      }
    }
    return out.toByteArray();
  }
}
