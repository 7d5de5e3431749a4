package dev.reel.app.server;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings of the {@link HttpServer}.
 *
 * @param bindHost     address to listen on; {@value #LOOPBACK} by default. Anything else exposes the server to the
 *                     network, so also list the names clients will use in {@code extraHostNames}.
 * @param port         TCP port; 0 picks any free port (read it back with {@link HttpServer#port()})
 * @param extraHostNames host names (without port, lower-case, IPv6 literals in brackets) accepted in the
 *                     {@code Host} header besides {@code 127.0.0.1}, {@code localhost} and {@code [::1]}; e.g. a LAN
 *                     address. Every other name gets 421 (DNS-rebinding defence).
 * @param idleTimeout  how long a connection may make no progress (e.g. a paused player that stops reading) before
 *                     Jetty closes it, which also releases the file reader
 */
public record HttpServerConfig(String bindHost, int port, Set<String> extraHostNames, Duration idleTimeout) {

    /** The default bind address. */
    public static final String LOOPBACK = "127.0.0.1";
    /** The default idle timeout. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    public HttpServerConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port out of range: " + port);
        extraHostNames = extraHostNames.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        if (idleTimeout.isNegative() || idleTimeout.isZero()) throw new IllegalArgumentException("idleTimeout must be > 0");
    }

    /** Loopback only, any free port. */
    public static HttpServerConfig defaults() {
        return new HttpServerConfig(LOOPBACK, 0, Set.of(), DEFAULT_IDLE_TIMEOUT);
    }

    /** This config with another port. */
    public HttpServerConfig withPort(int newPort) {
        return new HttpServerConfig(bindHost, newPort, extraHostNames, idleTimeout);
    }
}
