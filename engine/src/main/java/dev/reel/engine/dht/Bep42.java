package dev.reel.engine.dht;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.zip.CRC32C;

/**
 * BEP 42 "DHT Security extension": node ids tied to the node's external IPv4 address, and the local-address
 * exemption. Thread-safe (stateless).
 */
public final class Bep42 {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int V4_MASK = 0x030f3fff;

  private Bep42() {}

  /** A fresh compliant id for {@code ip} with a random {@code rand} byte and random tail. */
  public static NodeId generate(Inet4Address ip) {
    byte[] tail = new byte[NodeId.LENGTH];
    RANDOM.nextBytes(tail);
    return generate(ip, tail[19] & 0xff, tail);
  }

  /**
   * The id for {@code ip} and {@code rand} (0-255; its low 3 bits are BEP 42's {@code r}): the top 21 bits of
   * CRC32C((ip & 0x030f3fff) | (r << 29)), bytes 3-18 and the low 3 bits of byte 2 from {@code random}, and
   * {@code rand} as the last byte.
   */
  public static NodeId generate(Inet4Address ip, int rand, byte[] random) {
    int crc = crc(ip, rand & 7);
    byte[] id = random.clone();
    id[0] = (byte) (crc >>> 24);
    id[1] = (byte) (crc >>> 16);
    id[2] = (byte) (((crc >>> 8) & 0xf8) | (random[2] & 0x07));
    id[19] = (byte) rand;
    return NodeId.of(id);
  }

  /**
   * Whether {@code id} is valid for {@code ip} under BEP 42. Local addresses are exempt (always valid); IPv6 is not
   * checked (IPv4-only DHT) and counts as valid.
   */
  public static boolean isCompliant(NodeId id, InetAddress ip) {
    if (!(ip instanceof Inet4Address v4) || isLocal(ip)) {
      return true;
    }
    byte[] b = id.bytes();
    int crc = crc(v4, b[19] & 7);
    return b[0] == (byte) (crc >>> 24) && b[1] == (byte) (crc >>> 16) && (b[2] & 0xf8) == ((crc >>> 8) & 0xf8);
  }

  /**
   * BEP 42's exempt blocks: 10/8, 172.16/12, 192.168/16, 169.254/16, 127/8 (plus IPv6 loopback/site/link-local
   * and the wildcard address). The DHT node also ignores these as contacts unless local nodes are allowed.
   */
  public static boolean isLocal(InetAddress ip) {
    return ip.isLoopbackAddress() || ip.isSiteLocalAddress() || ip.isLinkLocalAddress() || ip.isAnyLocalAddress();
  }

  private static int crc(Inet4Address ip, int r) {
    byte[] a = ip.getAddress();
    int v = ((a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff)) & V4_MASK;
    v |= r << 29;
    CRC32C c = new CRC32C();
    c.update(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    return (int) c.getValue();
  }
}
