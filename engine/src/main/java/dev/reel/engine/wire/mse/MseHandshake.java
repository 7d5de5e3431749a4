package dev.reel.engine.wire.mse;

import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.wire.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The MSE handshake ("Message Stream Encryption", <a href="https://wiki.vuze.com/w/Message_Stream_Encryption">Vuze
 * wiki</a>), both roles, over blocking streams:
 *
 * <pre>
 * 1 A-&gt;B: Ya, PadA
 * 2 B-&gt;A: Yb, PadB
 * 3 A-&gt;B: HASH('req1', S), HASH('req2', SKEY) xor HASH('req3', S),
 *         ENCRYPT(VC, crypto_provide, len(PadC), PadC, len(IA)), ENCRYPT(IA)
 * 4 B-&gt;A: ENCRYPT(VC, crypto_select, len(PadD), PadD), ENCRYPT2(payload)
 * 5 A-&gt;B: ENCRYPT2(payload)
 * </pre>
 *
 * SKEY is the info-hash; ENCRYPT is RC4 with {@code HASH('keyA', S, SKEY)} from A and {@code HASH('keyB', S, SKEY)}
 * from B (first 1024 bytes dropped); VC is 8 zero bytes; ENCRYPT2 is RC4 or nothing as {@code crypto_select} says.
 *
 * <p>Limits: PadA..PadD at most {@link #MAX_PAD} bytes; the responder finds {@code HASH('req1', S)} within
 * {@link #MAX_REQ1_SCAN} bytes after Ya, the initiator finds {@code ENCRYPT(VC)} within {@link #MAX_VC_SCAN} bytes
 * after Yb; IA at most {@link #MAX_INITIAL_PAYLOAD}. We send PadA/PadB of random length and empty PadC/PadD.
 *
 * <p>Blocking; the caller bounds the total time (e.g. by closing the socket). The input should be buffered: the
 * handshake reads single bytes while synchronising, and never reads past its own end, so the caller's next read is the
 * first payload byte. Failures: {@link ProtocolException} for anything the spec forbids (the message says what),
 * {@link EOFException} when the peer closes early (a plaintext-only peer does so on our Ya). Stateless and thread-safe.
 */
public final class MseHandshake {
  /** Longest PadA, PadB, PadC, PadD. */
  public static final int MAX_PAD = 512;
  /** Verification constant length; VC is all zeros. */
  public static final int VC_LENGTH = 8;
  /** Longest initial payload IA we accept (the length field's range). */
  public static final int MAX_INITIAL_PAYLOAD = 0xffff;
  /** Bytes after Ya in which the responder must find HASH('req1', S): PadA plus the hash. */
  public static final int MAX_REQ1_SCAN = MAX_PAD + 20;
  /** Bytes after Yb in which the initiator must find ENCRYPT(VC): PadB plus VC. */
  public static final int MAX_VC_SCAN = MAX_PAD + VC_LENGTH;

  private static final byte[] REQ1 = ascii("req1");
  private static final byte[] REQ2 = ascii("req2");
  private static final byte[] REQ3 = ascii("req3");
  private static final byte[] KEY_A = ascii("keyA");
  private static final byte[] KEY_B = ascii("keyB");

  private MseHandshake() {}

  /**
   * Runs the initiator's side (A) for the torrent {@code skey}, offering {@code offered} and sending
   * {@code initialPayload} (our BitTorrent handshake, to save a round trip; may be empty) as IA. Returns once the
   * responder's {@code crypto_select} and PadD are read.
   */
  public static MseResult initiate(InputStream in, OutputStream out, InfoHash skey, Collection<CryptoMethod> offered,
      byte[] initialPayload, SecureRandom random) throws IOException {
    if (offered.isEmpty()) {
      throw new IllegalArgumentException("offer at least one crypto method");
    }
    if (initialPayload.length > MAX_INITIAL_PAYLOAD) {
      throw new IllegalArgumentException("initial payload over " + MAX_INITIAL_PAYLOAD + " bytes");
    }
    DiffieHellman dh = DiffieHellman.generate(random);
    out.write(concat(dh.publicKey(), randomPad(random)));
    out.flush();

    byte[] yb = readExactly(in, DiffieHellman.KEY_LENGTH, "peer's Diffie-Hellman key (Yb)");
    byte[] s = dh.sharedSecret(yb);
    Rc4 encrypt = new Rc4(sha1(KEY_A, s, skey.bytes()));
    Rc4 decrypt = new Rc4(sha1(KEY_B, s, skey.bytes()));

    int provide = CryptoMethod.bits(offered);
    ByteArrayOutputStream step3 = new ByteArrayOutputStream(128 + initialPayload.length);
    step3.writeBytes(sha1(REQ1, s));
    step3.writeBytes(xor(sha1(REQ2, skey.bytes()), sha1(REQ3, s)));
    byte[] secret = new byte[VC_LENGTH + 4 + 2 + 2 + initialPayload.length];
    int p = VC_LENGTH; // VC: zeros
    p = putInt(secret, p, provide);
    p = putShort(secret, p, 0); // len(PadC): no PadC
    p = putShort(secret, p, initialPayload.length);
    System.arraycopy(initialPayload, 0, secret, p, initialPayload.length);
    encrypt.apply(secret, 0, secret.length);
    step3.writeBytes(secret);
    out.write(step3.toByteArray());
    out.flush();

    // ENCRYPT(VC) is the first 8 keystream bytes of keyB: find them after PadB.
    byte[] marker = decrypt.apply(new byte[VC_LENGTH]);
    scanFor(in, marker, MAX_VC_SCAN, "ENCRYPT(VC) from the responder");
    byte[] head = readExactly(in, 4 + 2, "crypto_select and len(PadD)");
    decrypt.apply(head, 0, head.length);
    int select = getInt(head, 0);
    int padD = getShort(head, 4);
    if (padD > MAX_PAD) {
      throw new ProtocolException("MSE PadD of " + padD + " bytes is over the limit of " + MAX_PAD);
    }
    skip(in, decrypt, padD, "PadD");
    CryptoMethod method = CryptoMethod.ofSelect(select);
    if (method == null || (provide & select) == 0) {
      throw new ProtocolException(String.format(
          "peer selected crypto method 0x%08x, not one of the offered 0x%08x", select, provide));
    }
    return method == CryptoMethod.RC4
        ? new MseResult(skey, method, new Rc4InputStream(in, decrypt), new Rc4OutputStream(out, encrypt))
        : new MseResult(skey, method, in, out);
  }

  /**
   * Runs the responder's side (B) once the caller has decided the connection is not a plaintext BitTorrent handshake.
   * The torrent is the one of {@code torrents} whose {@code HASH('req2', info-hash)} matches; an unknown torrent fails.
   * Of the methods the initiator provides, the first in {@code preference} is selected; none in common fails.
   */
  public static MseResult respond(InputStream in, OutputStream out, Collection<InfoHash> torrents,
      List<CryptoMethod> preference, SecureRandom random) throws IOException {
    if (preference.isEmpty()) {
      throw new IllegalArgumentException("accept at least one crypto method");
    }
    byte[] ya = readExactly(in, DiffieHellman.KEY_LENGTH, "peer's Diffie-Hellman key (Ya)");
    DiffieHellman dh = DiffieHellman.generate(random);
    byte[] s = dh.sharedSecret(ya);
    out.write(concat(dh.publicKey(), randomPad(random)));
    out.flush();

    scanFor(in, sha1(REQ1, s), MAX_REQ1_SCAN, "HASH('req1', S) from the initiator");
    byte[] obfuscated = readExactly(in, 20, "HASH('req2', SKEY) xor HASH('req3', S)");
    byte[] req2 = xor(obfuscated, sha1(REQ3, s));
    InfoHash skey = null;
    for (InfoHash h : torrents) {
      if (MessageDigest.isEqual(req2, sha1(REQ2, h.bytes()))) {
        skey = h;
        break;
      }
    }
    if (skey == null) {
      throw new ProtocolException("MSE handshake names a torrent we do not have (no info-hash matches req2)");
    }
    Rc4 decrypt = new Rc4(sha1(KEY_A, s, skey.bytes()));
    Rc4 encrypt = new Rc4(sha1(KEY_B, s, skey.bytes()));

    byte[] head = readExactly(in, VC_LENGTH + 4 + 2, "VC, crypto_provide and len(PadC)");
    decrypt.apply(head, 0, head.length);
    for (int i = 0; i < VC_LENGTH; i++) {
      if (head[i] != 0) {
        throw new ProtocolException("MSE verification constant is not zero (wrong key or garbage)");
      }
    }
    int provide = getInt(head, VC_LENGTH);
    int padC = getShort(head, VC_LENGTH + 4);
    if (padC > MAX_PAD) {
      throw new ProtocolException("MSE PadC of " + padC + " bytes is over the limit of " + MAX_PAD);
    }
    skip(in, decrypt, padC, "PadC");
    byte[] iaLength = readExactly(in, 2, "len(IA)");
    decrypt.apply(iaLength, 0, 2);
    byte[] ia = readExactly(in, getShort(iaLength, 0), "initial payload (IA)");
    decrypt.apply(ia, 0, ia.length);

    CryptoMethod method = null;
    for (CryptoMethod m : preference) {
      if ((provide & m.bit()) != 0) {
        method = m;
        break;
      }
    }
    if (method == null) {
      throw new ProtocolException(String.format("peer provides crypto methods 0x%08x, we accept only 0x%08x",
          provide, CryptoMethod.bits(preference)));
    }
    byte[] step4 = new byte[VC_LENGTH + 4 + 2];
    putInt(step4, VC_LENGTH, method.bit());
    putShort(step4, VC_LENGTH + 4, 0); // len(PadD): no PadD
    encrypt.apply(step4, 0, step4.length);
    out.write(step4);
    out.flush();

    InputStream rest = method == CryptoMethod.RC4 ? new Rc4InputStream(in, decrypt) : in;
    InputStream payload = ia.length == 0 ? rest : new SequenceInputStream(new ByteArrayInputStream(ia), rest);
    OutputStream sink = method == CryptoMethod.RC4 ? new Rc4OutputStream(out, encrypt) : out;
    return new MseResult(skey, method, payload, sink);
  }

  /** HASH('req2', SKEY): what a responder compares against to find the torrent. */
  static byte[] req2(InfoHash infoHash) {
    return sha1(REQ2, infoHash.bytes());
  }

  /** Reads byte by byte until the last {@code marker.length} bytes equal {@code marker}, within {@code max} bytes. */
  private static void scanFor(InputStream in, byte[] marker, int max, String what) throws IOException {
    int n = marker.length;
    byte[] window = new byte[n];
    for (int read = 0; read < max; read++) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("stream ended after " + read + " bytes while looking for " + what);
      }
      System.arraycopy(window, 1, window, 0, n - 1);
      window[n - 1] = (byte) b;
      if (read + 1 >= n && Arrays.equals(window, marker)) {
        return;
      }
    }
    throw new ProtocolException("no " + what + " within " + max + " bytes (padding over " + MAX_PAD
        + " bytes, a wrong info-hash or not MSE)");
  }

  private static void skip(InputStream in, Rc4 rc4, int n, String what) throws IOException {
    byte[] pad = readExactly(in, n, what);
    rc4.apply(pad, 0, n);
  }

  private static byte[] randomPad(SecureRandom random) {
    byte[] pad = new byte[random.nextInt(MAX_PAD + 1)];
    random.nextBytes(pad);
    return pad;
  }

  static byte[] sha1(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }

  private static byte[] xor(byte[] a, byte[] b) {
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static int putInt(byte[] b, int p, int v) {
    b[p] = (byte) (v >>> 24);
    b[p + 1] = (byte) (v >>> 16);
    b[p + 2] = (byte) (v >>> 8);
    b[p + 3] = (byte) v;
    return p + 4;
  }

  private static int putShort(byte[] b, int p, int v) {
    b[p] = (byte) (v >>> 8);
    b[p + 1] = (byte) v;
    return p + 2;
  }

  private static int getInt(byte[] b, int p) {
    return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
  }

  private static int getShort(byte[] b, int p) {
    return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
  }

  private static byte[] readExactly(InputStream in, int n, String what) throws IOException {
    byte[] b = new byte[n];
    int got = in.readNBytes(b, 0, n);
    if (got != n) {
      throw new EOFException("stream ended after " + got + " of " + n + " bytes of the " + what);
    }
    return b;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
