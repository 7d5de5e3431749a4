package dev.reel.engine.wire;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;

/**
 * Peer ids (BEP 20). Ours is Azureus style: {@value #PREFIX} followed by 12 random alphanumeric characters.
 * {@link #client} names the client behind a peer id for display only; peer ids are self-reported and prove nothing.
 * Thread-safe.
 */
public final class PeerIds {
  /** Reel, version 0.1.0, Azureus style ("-" + client code + four version characters + "-"). */
  public static final String PREFIX = "-RL0100-";
  /** The client name and version matching {@link #PREFIX}, as sent in the extension handshake's {@code v}. */
  public static final String CLIENT = "Reel 0.1.0";

  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Azureus-style two-letter client codes (BEP 20 and the list libtorrent's identify_client keeps). */
  private static final Map<String, String> AZUREUS = Map.ofEntries(
      Map.entry("RL", "Reel"),
      Map.entry("LT", "libtorrent"),
      Map.entry("lt", "rTorrent"),
      Map.entry("TR", "Transmission"),
      Map.entry("qB", "qBittorrent"),
      Map.entry("DE", "Deluge"),
      Map.entry("UT", "µTorrent"),
      Map.entry("UM", "µTorrent Mac"),
      Map.entry("UW", "µTorrent Web"),
      Map.entry("BT", "BitTorrent"),
      Map.entry("BC", "BitComet"),
      Map.entry("AZ", "Vuze"),
      Map.entry("BI", "BiglyBT"),
      Map.entry("KT", "KTorrent"),
      Map.entry("WW", "WebTorrent"),
      Map.entry("WD", "WebTorrent Desktop"),
      Map.entry("PI", "PicoTorrent"),
      Map.entry("FD", "Free Download Manager"),
      Map.entry("FW", "FrostWire"),
      Map.entry("XL", "Xunlei"),
      Map.entry("SD", "Thunder"),
      Map.entry("LW", "LimeWire"),
      Map.entry("HL", "Halite"),
      Map.entry("TL", "Tribler"),
      Map.entry("BB", "BitBuddy"),
      Map.entry("AG", "Ares"),
      Map.entry("TT", "TuoTu"),
      Map.entry("BF", "BitFlu"),
      Map.entry("MG", "MediaGet"),
      Map.entry("GR", "GetRight"),
      Map.entry("AR", "Arctic"),
      Map.entry("SZ", "Shareaza"),
      Map.entry("SP", "BitSpirit"),
      Map.entry("XX", "Xtorrent"),
      Map.entry("ZT", "ZipTorrent"),
      Map.entry("TX", "Tixati"),
      Map.entry("AT", "Artemis"),
      Map.entry("BE", "BitTorrent SDK"));

  private PeerIds() {}

  /** A fresh 20-byte peer id: {@link #PREFIX} + 12 characters from {@link SecureRandom}. */
  public static byte[] generate() {
    byte[] id = new byte[Handshake.PEER_ID_LENGTH];
    byte[] prefix = PREFIX.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, id, 0, prefix.length);
    for (int i = prefix.length; i < id.length; i++) {
      id[i] = (byte) ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
    }
    return id;
  }

  /**
   * A display name for the client that made a peer id, e.g. "Transmission 4.0.5", "libtorrent 2.0.9",
   * "aria2 1.37.0", "Reel 0.1.0"; "Unknown (...)" with the printable start of the id otherwise. Never throws.
   */
  public static String client(byte[] id) {
    if (id == null || id.length < 8) {
      return "Unknown";
    }
    String s = new String(id, StandardCharsets.ISO_8859_1);
    // Azureus style: -XX1234-
    if (s.charAt(0) == '-' && s.charAt(7) == '-' && isLetter(s.charAt(1)) && isLetter(s.charAt(2))) {
      String code = s.substring(1, 3);
      String name = AZUREUS.getOrDefault(code, "Unknown [" + code + "]");
      String version = azureusVersion(s.substring(3, 7));
      return version.isEmpty() ? name : name + " " + version;
    }
    if (s.startsWith("-aria2-")) {
      return "aria2";
    }
    // aria2: A2-<major>-<minor>-<patch>-
    if (s.startsWith("A2-")) {
      String version = dashedVersion(s.substring(3));
      return version.isEmpty() ? "aria2" : "aria2 " + version;
    }
    // Mainline style: M7-4-0-- (letter, then digits separated by dashes).
    if (s.charAt(0) == 'M' && Character.isDigit(s.charAt(1))) {
      String version = dashedVersion(s.substring(1));
      return version.isEmpty() ? "BitTorrent (Mainline)" : "BitTorrent (Mainline) " + version;
    }
    return "Unknown (" + printable(s.substring(0, 8)) + ")";
  }

  private static boolean isLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  /** Four version characters: 0-9, then A-Z for 10..35 (libtorrent's convention) in the
   * first three; the fourth only when it is a digit; "a.b.c" plus ".d" if non-zero. */
  private static String azureusVersion(String v) {
    int[] parts = new int[4];
    for (int i = 0; i < 4; i++) {
      char c = v.charAt(i);
      if (c >= '0' && c <= '9') {
        parts[i] = c - '0';
      } else if (i == 3) {
        parts[i] = 0; // a build or tag letter (µTorrent's "355W", beta tags); not shown
      } else if (c >= 'A' && c <= 'Z') {
        parts[i] = 10 + c - 'A';
      } else {
        return "";
      }
    }
    String out = parts[0] + "." + parts[1] + "." + parts[2];
    return parts[3] == 0 ? out : out + "." + parts[3];
  }

  /** "1-37-0-..." -> "1.37.0" (up to three numbers). */
  private static String dashedVersion(String rest) {
    StringBuilder out = new StringBuilder();
    int numbers = 0;
    int i = 0;
    while (numbers < 3 && i < rest.length()) {
      int start = i;
      while (i < rest.length() && Character.isDigit(rest.charAt(i)) && i - start < 4) {
        i++;
      }
      if (i == start) {
        break;
      }
      if (numbers > 0) {
        out.append('.');
      }
      out.append(rest, start, i);
      numbers++;
      if (i < rest.length() && rest.charAt(i) == '-') {
        i++;
      } else {
        break;
      }
    }
    return out.toString();
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7f ? c : '.');
    }
    return b.toString();
  }
}
