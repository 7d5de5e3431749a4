package dev.reel.app.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpCookie;

/**
 * The secrets of one server run: the anti-CSRF token (one per process, 256 random bits from {@link SecureRandom},
 * handed to the UI by {@code GET /api/token} and the page's meta tag, sent back as the {@code X-Reel-Token} header and
 * the {@code reel_csrf} cookie), and in LAN mode the password and the login sessions ({@code reel_auth} cookies).
 * Thread-safe.
 */
public final class Tokens {
  public static final String CSRF_COOKIE = "reel_csrf";
  public static final String CSRF_HEADER = "X-Reel-Token";
  public static final String AUTH_COOKIE = "reel_auth";
  /** Most LAN logins remembered at once; older ones must log in again after a restart anyway. */
  static final int MAX_LOGINS = 1000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String csrf = random();
  private final byte[] password;
  private final Set<String> logins = ConcurrentHashMap.newKeySet();
  private final LoginThrottle throttle = new LoginThrottle();

  /** @param lanPassword the LAN password, or null when the server is loopback-only */
  public Tokens(String lanPassword) {
    this.password = lanPassword == null ? null : lanPassword.getBytes(StandardCharsets.UTF_8);
  }

  static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public String csrfToken() {
    return csrf;
  }

  /** Whether {@code candidate} is this run's token (constant-time). */
  public boolean isCsrfToken(String candidate) {
    return candidate != null && MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8),
        csrf.getBytes(StandardCharsets.UTF_8));
  }

  public HttpCookie csrfCookie() {
    return HttpCookie.build(CSRF_COOKIE, csrf).path("/").httpOnly(true).sameSite(HttpCookie.SameSite.STRICT).build();
  }

  public boolean lan() {
    return password != null;
  }

  /** Whether {@code candidate} is the LAN password (constant-time); false when not in LAN mode. */
  public boolean isPassword(String candidate) {
    return password != null && candidate != null
        && MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), password);
  }

  /**
   * Checks a LAN password sent from {@code address}, counting wrong ones: after {@link LoginThrottle#FREE_FAILURES}
   * wrong passwords the address must wait before each try.
   *
   * @throws ApiException 429 {@code too_many_requests} while the address must wait (the password is not checked)
   */
  public boolean checkPassword(String candidate, String address) {
    long now = System.nanoTime();
    long wait = throttle.waitNanos(address, now);
    if (wait > 0) {
      long seconds = Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999L));
      throw new ApiException(429, "too_many_requests", "too many wrong passwords from " + address + "; try again in "
          + seconds + " s", java.util.Map.of("retryAfterSeconds", seconds));
    }
    if (isPassword(candidate)) {
      throttle.succeeded(address);
      return true;
    }
    throttle.failed(address, now);
    return false;
  }

  /** A new login session, as its cookie. */
  public HttpCookie login() {
    if (logins.size() >= MAX_LOGINS) {
      logins.clear();
    }
    String id = random();
    logins.add(id);
    return HttpCookie.build(AUTH_COOKIE, id).path("/").httpOnly(true).sameSite(HttpCookie.SameSite.STRICT).build();
  }

  public boolean isLogin(String cookie) {
    return cookie != null && logins.contains(cookie);
  }
}
