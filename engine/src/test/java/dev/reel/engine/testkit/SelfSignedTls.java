package dev.reel.engine.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 made with the JDK's {@code keytool}, as a server context and as a client
 * context that trusts exactly that certificate (and nothing else: no permissive trust manager anywhere).
 */
public final class SelfSignedTls {
  private static final char[] PASSWORD = "reel-test".toCharArray();
  private static final Duration TTL = Duration.ofMinutes(1);

  private final SSLContext server;
  private final SSLContext clientTrustingOnlyThis;

  private SelfSignedTls(SSLContext server, SSLContext client) {
    this.server = server;
    this.clientTrustingOnlyThis = client;
  }

  /** Makes the key pair under {@code dir} (keytool's output goes to {@code logDir}). */
  public static SelfSignedTls create(Path dir, Path logDir) {
    Path keytool = Tools.requireExecutable(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    Path store = dir.resolve("tls.p12");
    List<String> cmd = List.of(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD));
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(store);
      try (ManagedProcess p = ManagedProcess.start("keytool", cmd, logDir, null, TTL, null)) {
        OptionalInt rc = p.waitFor(TTL);
        if (rc.isEmpty() || rc.getAsInt() != 0) {
          throw new IllegalStateException("keytool failed: " + p.logTail());
        }
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, PASSWORD);
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASSWORD);
      SSLContext server = SSLContext.getInstance("TLS");
      server.init(kmf.getKeyManagers(), null, null);

      Certificate cert = ks.getCertificate("server");
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("server", cert);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext client = SSLContext.getInstance("TLS");
      client.init(null, tmf.getTrustManagers(), null);
      return new SelfSignedTls(server, client);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a self-signed certificate: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }

  public SSLContext serverContext() {
    return server;
  }

  /** A client context whose only trust anchor is this certificate. */
  public SSLContext clientContext() {
    return clientTrustingOnlyThis;
  }
}
