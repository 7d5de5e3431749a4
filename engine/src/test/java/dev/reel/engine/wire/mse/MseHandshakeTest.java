package dev.reel.engine.wire.mse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.wire.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both sides of the handshake over two in-memory pipes (no sockets). */
class MseHandshakeTest {
  private static final InfoHash TORRENT = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
  private static final InfoHash OTHER = InfoHash.fromHex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  private static final List<CryptoMethod> BOTH = List.of(CryptoMethod.PLAINTEXT, CryptoMethod.RC4);
  private static final List<CryptoMethod> RC4_ONLY = List.of(CryptoMethod.RC4);
  private static final List<CryptoMethod> PLAIN_ONLY = List.of(CryptoMethod.PLAINTEXT);
  private static final byte[] IA = "the initiator's handshake".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Blocking tasks: the common pool may have a single thread on a small machine. */
  private static final java.util.concurrent.Executor THREADS = Executors.newVirtualThreadPerTaskExecutor();

  /** A's and B's results (or failures) of one run. */
  record Run(CompletableFuture<MseResult> a, CompletableFuture<MseResult> b, MemoryPipe ab, MemoryPipe ba) {}

  private static Run run(List<CryptoMethod> offer, List<CryptoMethod> accept, List<InfoHash> known, long cutAtoB,
      byte[] ia) {
    MemoryPipe ab = new MemoryPipe(cutAtoB);
    MemoryPipe ba = new MemoryPipe();
    CompletableFuture<MseResult> a = CompletableFuture.supplyAsync(() -> {
      try {
        return MseHandshake.initiate(ba.source, ab.sink, TORRENT, offer, ia, RANDOM);
      } catch (IOException e) {
        ab.close(); // like closing the socket
        ba.close();
        throw new CompletionException(e);
      }
    }, THREADS);
    CompletableFuture<MseResult> b = CompletableFuture.supplyAsync(() -> {
      try {
        return MseHandshake.respond(ab.source, ba.sink, known, accept, RANDOM);
      } catch (IOException e) {
        ab.close();
        ba.close();
        throw new CompletionException(e);
      }
    }, THREADS);
    return new Run(a, b, ab, ba);
  }

  private static Throwable failure(CompletableFuture<MseResult> f) throws InterruptedException {
    try {
      f.get(30, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("handshake did not end", e);
    }
  }

  static Stream<Arguments> policies() {
    return Stream.of(
        // offered by A, accepted by B (in preference order), selected
        Arguments.of(BOTH, BOTH, CryptoMethod.PLAINTEXT),
        Arguments.of(BOTH, List.of(CryptoMethod.RC4, CryptoMethod.PLAINTEXT), CryptoMethod.RC4),
        Arguments.of(RC4_ONLY, BOTH, CryptoMethod.RC4),
        Arguments.of(BOTH, RC4_ONLY, CryptoMethod.RC4),
        Arguments.of(PLAIN_ONLY, BOTH, CryptoMethod.PLAINTEXT));
  }

  @ParameterizedTest(name = "A offers {0}, B accepts {1} -> {2}")
  @MethodSource("policies")
  void negotiatesTheMethodAndCarriesPayloadBothWays(List<CryptoMethod> offer, List<CryptoMethod> accept,
      CryptoMethod expected) throws Exception {
    Run r = run(offer, accept, List.of(OTHER, TORRENT), Long.MAX_VALUE, IA);
    MseResult a = r.a().get(30, TimeUnit.SECONDS);
    MseResult b = r.b().get(30, TimeUnit.SECONDS);
    assertThat(a.method()).isEqualTo(expected);
    assertThat(b.method()).isEqualTo(expected);
    assertThat(b.infoHash()).isEqualTo(TORRENT);

    byte[] ping = "BitTorrent payload from A".getBytes(StandardCharsets.US_ASCII);
    byte[] pong = "BitTorrent payload from B".getBytes(StandardCharsets.US_ASCII);
    a.out().write(ping);
    a.out().flush();
    b.out().write(pong);
    b.out().flush();
    // B reads the initial payload first, then the stream.
    assertThat(b.in().readNBytes(IA.length)).isEqualTo(IA);
    assertThat(b.in().readNBytes(ping.length)).isEqualTo(ping);
    assertThat(a.in().readNBytes(pong.length)).isEqualTo(pong);

    // The initial payload is always encrypted; the stream after it only with RC4.
    assertThat(contains(r.ab().wire(), IA)).isFalse();
    assertThat(contains(r.ab().wire(), ping)).isEqualTo(expected == CryptoMethod.PLAINTEXT);
    assertThat(contains(r.ba().wire(), pong)).isEqualTo(expected == CryptoMethod.PLAINTEXT);
  }

  @Test
  void anEmptyInitialPayloadIsAllowed() throws Exception {
    Run r = run(BOTH, BOTH, List.of(TORRENT), Long.MAX_VALUE, new byte[0]);
    MseResult a = r.a().get(30, TimeUnit.SECONDS);
    MseResult b = r.b().get(30, TimeUnit.SECONDS);
    a.out().write(42);
    a.out().flush();
    assertThat(b.in().read()).isEqualTo(42);
  }

  @Test
  void noCommonMethodFailsOnBothSides() throws Exception {
    Run r = run(PLAIN_ONLY, RC4_ONLY, List.of(TORRENT), Long.MAX_VALUE, IA);
    assertThat(failure(r.b())).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("provides crypto methods 0x00000001, we accept only 0x00000002");
    assertThat(failure(r.a())).isInstanceOf(IOException.class);
  }

  @Test
  void aTorrentTheResponderDoesNotHaveIsRefused() throws Exception {
    Run r = run(BOTH, BOTH, List.of(OTHER), Long.MAX_VALUE, IA);
    assertThat(failure(r.b())).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("names a torrent we do not have");
    assertThat(failure(r.a())).isInstanceOf(IOException.class);
  }

  @Test
  void theResponderRejectsGarbageAfterAKey() throws Exception {
    MemoryPipe ab = new MemoryPipe();
    byte[] garbage = new byte[DiffieHellman.KEY_LENGTH + MseHandshake.MAX_REQ1_SCAN + 100];
    RANDOM.nextBytes(garbage);
    garbage[0] = 0x10; // keep the "key" below P
    ab.sink.write(garbage);
    ab.close();
    assertThatThrownBy(() -> MseHandshake.respond(ab.source, OutputStream.nullOutputStream(), List.of(TORRENT), BOTH,
        RANDOM)).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("no HASH('req1', S) from the initiator within 532 bytes");
  }

  @Test
  void theInitiatorRejectsGarbageAfterAKey() throws Exception {
    MemoryPipe ba = new MemoryPipe();
    byte[] garbage = new byte[DiffieHellman.KEY_LENGTH + MseHandshake.MAX_VC_SCAN + 100];
    RANDOM.nextBytes(garbage);
    garbage[0] = 0x10;
    ba.sink.write(garbage);
    ba.close();
    assertThatThrownBy(() -> MseHandshake.initiate(ba.source, OutputStream.nullOutputStream(), TORRENT, BOTH, IA,
        RANDOM)).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("no ENCRYPT(VC) from the responder within 520 bytes");
  }

  @Test
  void outOfRangeKeysAreRefused() {
    byte[] one = new byte[DiffieHellman.KEY_LENGTH];
    one[DiffieHellman.KEY_LENGTH - 1] = 1;
    DiffieHellman dh = DiffieHellman.generate(RANDOM);
    assertThatThrownBy(() -> dh.sharedSecret(one)).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> dh.sharedSecret(DiffieHellman.toBytes(DiffieHellman.P.subtract(java.math.BigInteger.ONE))))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void bothSidesComputeTheSameSecret() throws Exception {
    DiffieHellman a = DiffieHellman.generate(RANDOM);
    DiffieHellman b = DiffieHellman.generate(RANDOM);
    assertThat(a.publicKey()).hasSize(96);
    assertThat(a.sharedSecret(b.publicKey())).isEqualTo(b.sharedSecret(a.publicKey())).hasSize(96);
  }

  static Stream<Arguments> oversizedPads() {
    return Stream.of(Arguments.of("PadC", MseHandshake.MAX_PAD + 1), Arguments.of("PadD", MseHandshake.MAX_PAD + 1),
        Arguments.of("PadD", 0xffff));
  }

  @ParameterizedTest(name = "{0} of {1} bytes")
  @MethodSource("oversizedPads")
  void padsOverTheLimitAreRefused(String which, int length) throws Exception {
    MemoryPipe ab = new MemoryPipe();
    MemoryPipe ba = new MemoryPipe();
    if (which.equals("PadC")) {
      CompletableFuture<Void> crafted = CompletableFuture.runAsync(() -> craftedInitiator(ba.source, ab.sink, length),
          THREADS);
      assertThatThrownBy(() -> MseHandshake.respond(ab.source, ba.sink, List.of(TORRENT), BOTH, RANDOM))
          .isInstanceOf(ProtocolException.class).hasMessageContaining("PadC of " + length + " bytes is over the limit");
      crafted.join();
    } else {
      CompletableFuture<Void> crafted = CompletableFuture.runAsync(() -> craftedResponder(ab.source, ba.sink, length),
          THREADS);
      assertThatThrownBy(() -> MseHandshake.initiate(ba.source, ab.sink, TORRENT, BOTH, IA, RANDOM))
          .isInstanceOf(ProtocolException.class).hasMessageContaining("PadD of " + length + " bytes is over the limit");
      crafted.join();
    }
  }

  @Test
  void aPadABeyondTheLimitIsNotFound() throws Exception {
    MemoryPipe ab = new MemoryPipe();
    MemoryPipe ba = new MemoryPipe();
    CompletableFuture<Void> crafted = CompletableFuture.runAsync(() -> {
      try {
        DiffieHellman dh = DiffieHellman.generate(RANDOM);
        ab.sink.write(dh.publicKey());
        ab.sink.write(new byte[MseHandshake.MAX_PAD + 1]); // PadA one byte too long
        byte[] s = dh.sharedSecret(ba.source.readNBytes(96));
        ab.sink.write(MseHandshake.sha1(ascii("req1"), s));
      } catch (IOException e) {
        throw new CompletionException(e);
      }
    }, THREADS);
    assertThatThrownBy(() -> MseHandshake.respond(ab.source, ba.sink, List.of(TORRENT), BOTH, RANDOM))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("within 532 bytes");
    crafted.join();
  }

  /** Cuts the initiator's bytes after n: the responder reports a truncated stream, whatever the cut. */
  @ParameterizedTest(name = "cut after {0} bytes")
  @MethodSource("cuts")
  void aTruncatedStreamFailsWithEof(int cut) throws Exception {
    Run r = run(BOTH, BOTH, List.of(TORRENT), cut, IA);
    Throwable b = failure(r.b());
    assertThat(b).isInstanceOf(EOFException.class).hasMessageContaining("stream ended");
    assertThat(failure(r.a())).isInstanceOf(IOException.class);
  }

  static Stream<Integer> cuts() {
    return Stream.of(0, 1, 50, 95);
  }

  @Test
  void aStreamCutInsideTheEncryptedPartFailsWithEof() throws Exception {
    // Measure where step 3 ends, then cut inside it: after req1 and inside the encrypted part.
    Run full = run(BOTH, BOTH, List.of(TORRENT), Long.MAX_VALUE, IA);
    full.a().get(30, TimeUnit.SECONDS);
    full.b().get(30, TimeUnit.SECONDS);
    int total = full.ab().wire().length;
    // Step 3 is the last thing A sent: 20 + 20 + 8 + 4 + 2 + 0 + 2 + IA bytes.
    int step3 = 20 + 20 + 8 + 4 + 2 + 2 + IA.length;
    for (int cut : new int[] {total - step3 + 20 + 20 + 3, total - 1}) {
      Run r = runWithPadA(total - step3 - 96, cut);
      assertThat(failure(r.b())).isInstanceOf(EOFException.class);
    }
  }

  /** A run where A's PadA is forced to {@code padA} bytes (A is crafted), cut after {@code cut} bytes. */
  private static Run runWithPadA(int padA, long cut) {
    MemoryPipe ab = new MemoryPipe(cut);
    MemoryPipe ba = new MemoryPipe();
    CompletableFuture<MseResult> a = CompletableFuture.supplyAsync(() -> {
      try {
        craftedInitiatorWithPadA(ba.source, ab.sink, padA);
        return null;
      } catch (IOException e) {
        throw new CompletionException(e);
      }
    }, THREADS);
    CompletableFuture<MseResult> b = CompletableFuture.supplyAsync(() -> {
      try {
        return MseHandshake.respond(ab.source, ba.sink, List.of(TORRENT), BOTH, RANDOM);
      } catch (IOException e) {
        throw new CompletionException(e);
      }
    }, THREADS);
    return new Run(a, b, ab, ba);
  }

  private static void craftedInitiatorWithPadA(InputStream in, OutputStream out, int padA) throws IOException {
    DiffieHellman dh = DiffieHellman.generate(RANDOM);
    out.write(dh.publicKey());
    out.write(new byte[padA]);
    byte[] s = dh.sharedSecret(in.readNBytes(96));
    out.write(step3(s, 0));
  }

  /** Step 3 as the spec builds it, with a PadC of {@code padC} bytes and IA. */
  private static byte[] step3(byte[] s, int padC) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(MseHandshake.sha1(ascii("req1"), s));
    byte[] req2 = MseHandshake.req2(TORRENT);
    byte[] req3 = MseHandshake.sha1(ascii("req3"), s);
    for (int i = 0; i < 20; i++) {
      b.write(req2[i] ^ req3[i]);
    }
    Rc4 enc = new Rc4(MseHandshake.sha1(ascii("keyA"), s, TORRENT.bytes()));
    ByteArrayOutputStream secret = new ByteArrayOutputStream();
    secret.writeBytes(new byte[8]);
    secret.writeBytes(new byte[] {0, 0, 0, 3, (byte) (padC >> 8), (byte) padC});
    secret.writeBytes(new byte[padC]);
    secret.writeBytes(new byte[] {(byte) (IA.length >> 8), (byte) IA.length});
    secret.writeBytes(IA);
    b.writeBytes(enc.apply(secret.toByteArray()));
    return b.toByteArray();
  }

  private static void craftedInitiator(InputStream in, OutputStream out, int padC) {
    try {
      DiffieHellman dh = DiffieHellman.generate(RANDOM);
      out.write(dh.publicKey());
      byte[] s = dh.sharedSecret(in.readNBytes(96));
      out.write(step3(s, padC));
    } catch (IOException e) {
      throw new CompletionException(e);
    }
  }

  private static void craftedResponder(InputStream in, OutputStream out, int padD) {
    try {
      byte[] ya = in.readNBytes(96);
      DiffieHellman dh = DiffieHellman.generate(RANDOM);
      out.write(dh.publicKey());
      byte[] s = dh.sharedSecret(ya);
      Rc4 enc = new Rc4(MseHandshake.sha1(ascii("keyB"), s, TORRENT.bytes()));
      byte[] step4 = new byte[8 + 4 + 2];
      step4[11] = 1;
      step4[12] = (byte) (padD >> 8);
      step4[13] = (byte) padD;
      out.write(enc.apply(step4));
    } catch (IOException e) {
      throw new CompletionException(e);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
