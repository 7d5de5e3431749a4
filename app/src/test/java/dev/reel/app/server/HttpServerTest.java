package dev.reel.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpServerTest {

    private final AtomicReference<Thread> handlerThread = new AtomicReference<>();
    private HttpServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        server = new HttpServer(new HttpServerConfig("127.0.0.1", 0, Set.of("reel.lan"),
                HttpServerConfig.DEFAULT_IDLE_TIMEOUT));
        server.addRoute("/hello", new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                handlerThread.set(Thread.currentThread());
                response.getHeaders().put("Content-Type", "text/plain");
                response.write(true, ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
        port = server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void bindsAnEphemeralLoopbackPortAndServesRoutesOnVirtualThreads() throws Exception {
        assertThat(port).isPositive();
        assertThat(server.baseUri()).isEqualTo(URI.create("http://127.0.0.1:" + port + "/"));
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.baseUri().resolve("/hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hi");
        assertThat(r.headers().firstValue("Server")).isEmpty();
        assertThat(handlerThread.get().isVirtual()).as("handler thread %s", handlerThread.get()).isTrue();
    }

    @Test
    void unknownPathIs404() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.baseUri().resolve("/nope")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:%d", "localhost:%d", "LocalHost:%d", "[::1]:%d", "reel.lan:%d"})
    void acceptsOwnHostNames(String host) throws Exception {
        RawHttp.Reply r = RawHttp.exchange(port, "GET /hello HTTP/1.1", "Host: " + host.formatted(port),
                "Connection: close");
        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("hi");
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.com", "evil.com:%d", "127.0.0.1.evil.com:%d", "localhost.evil.com:%d",
            "127.0.0.1", "localhost", "127.0.0.1:1", "localhost:%d0", "127.0.0.2:%d", "[::2]:%d", "[::1]x:%d",
            "127.0.0.1:%d:%d", "127.0.0.1:+%d", "user@127.0.0.1:%d", "127.0.0.1 :%d", "0.0.0.0:%d"})
    void refusesForeignHostNamesWith421(String host) throws Exception {
        String value = host.replace("%d", Integer.toString(port));
        RawHttp.Reply r = RawHttp.exchange(port, "GET /hello HTTP/1.1", "Host: " + value, "Connection: close");
        assertThat(r.status()).as("Host: %s", value).isIn(421, 400);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("hi\n").isNotEqualTo("hi");
    }

    @Test
    void plainEvilHostIsExactly421() throws Exception {
        for (String host : new String[] {"evil.com", "127.0.0.1.evil.com:" + port, "evil.com:" + port}) {
            RawHttp.Reply r = RawHttp.exchange(port, "GET /hello HTTP/1.1", "Host: " + host, "Connection: close");
            assertThat(r.status()).as("Host: %s", host).isEqualTo(421);
        }
    }

    @Test
    void missingHostIsRefused() throws Exception {
        RawHttp.Reply http10 = RawHttp.exchange(port, "GET /hello HTTP/1.0");
        assertThat(http10.status()).isEqualTo(421);
        RawHttp.Reply http11 = RawHttp.exchange(port, "GET /hello HTTP/1.1", "Connection: close");
        assertThat(http11.status()).isIn(400, 421);
    }

    @Test
    void duplicateHostIsRefused() throws Exception {
        RawHttp.Reply r = RawHttp.exchange(port, "GET /hello HTTP/1.1", "Host: 127.0.0.1:" + port,
                "Host: evil.com", "Connection: close");
        assertThat(r.status()).isIn(400, 421);
    }

    @Test
    void absoluteFormTargetMustNameUsToo() throws Exception {
        RawHttp.Reply r = RawHttp.exchange(port, "GET http://evil.com:" + port + "/hello HTTP/1.1",
                "Host: 127.0.0.1:" + port, "Connection: close");
        assertThat(r.status()).isIn(400, 421);
        RawHttp.Reply ok = RawHttp.exchange(port, "GET http://localhost:" + port + "/hello HTTP/1.1",
                "Host: localhost:" + port, "Connection: close");
        assertThat(ok.status()).isEqualTo(200);
    }

    @Test
    void sendsNoCorsHeaders() throws Exception {
        RawHttp.Reply r = RawHttp.exchange(port, "GET /hello HTTP/1.1", "Host: 127.0.0.1:" + port,
                "Origin: http://evil.com", "Connection: close");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().keySet()).noneMatch(h -> h.startsWith("access-control-"));
    }

    @Test
    void routesCannotBeAddedAfterStart() {
        assertThatThrownBy(() -> server.addRoute("/late", new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return false;
            }
        })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void hostAuthorityParsing() {
        HostGuard guard = new HostGuard(Set.of("Media.Lan"), () -> 8080);
        assertThat(guard.isAllowedAuthority("127.0.0.1:8080")).isTrue();
        assertThat(guard.isAllowedAuthority("media.lan:8080")).isTrue();
        assertThat(guard.isAllowedAuthority("[::1]:8080")).isTrue();
        assertThat(guard.isAllowedAuthority("[::1]")).isFalse();
        assertThat(guard.isAllowedAuthority("localhost:08080")).isTrue();
        assertThat(guard.isAllowedAuthority("localhost:")).isFalse();
        assertThat(guard.isAllowedAuthority("localhost:99999999")).isFalse();
        assertThat(guard.isAllowedAuthority("")).isFalse();
        assertThat(guard.isAllowedAuthority(null)).isFalse();
        HostGuard on80 = new HostGuard(Set.of(), () -> 80);
        assertThat(on80.isAllowedAuthority("localhost")).isTrue();
    }

    /**
     * A flood of idle connections stops at the limit (the rest wait in the backlog) instead of using up the process's
     * file descriptors; when one closes, a waiting client is served. The timeout only guards against a hang.
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void connectionsAreLimited() throws Exception {
        try (HttpServer limited = new HttpServer(HttpServerConfig.defaults(), 2)) {
            limited.addRoute("/hello", new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    response.write(true, ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)), callback);
                    return true;
                }
            });
            limited.start();
            int p = limited.port();
            java.net.Socket idle1 = new java.net.Socket("127.0.0.1", p);
            java.net.Socket idle2 = new java.net.Socket("127.0.0.1", p);
            while (limited.accepting()) {
                // polled until both idle connections are accepted and the limit is reached
                Thread.sleep(10);
            }
            try (RawHttp waiting = new RawHttp(p)) {
                idle1.close();
                RawHttp.Reply r = waiting.sendAndReadHead("GET /hello HTTP/1.1", "Host: 127.0.0.1:" + p,
                        "Connection: close");
                assertThat(r.status()).isEqualTo(200);
            } finally {
                idle2.close();
            }
        }
    }
}
