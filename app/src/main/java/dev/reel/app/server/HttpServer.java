package dev.reel.app.server;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reel's embedded HTTP/1.1 server: Jetty 12 core handlers (no servlets) behind a {@link HostGuard}, dispatched by path
 * with Jetty's own {@link PathMappingsHandler} (it fits: routes are {@link PathSpec}s — {@code /api/*}, regexes,
 * URI templates — and an unmatched path falls through to Jetty's 404).
 *
 * <p>Threading: handlers run on virtual threads (a {@link QueuedThreadPool} whose virtual-threads executor Jetty uses
 * for every blocking task), so a route may block, e.g. on a torrent file reader or on
 * {@code Content.Sink.write(response, last, buffer)}; only Jetty's selector and acceptor use platform threads.
 *
 * <p>Lifecycle: {@link #addRoute} before {@link #start()}; {@link #close()} stops the server and aborts open
 * connections. Not thread-safe for configuration; serving is concurrent.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /** Platform threads for Jetty's selector/acceptor and non-blocking tasks; blocking work goes to virtual threads. */
    private static final int MAX_PLATFORM_THREADS = 16;
    private static final int MIN_PLATFORM_THREADS = 2;
    private static final int REQUEST_HEADER_LIMIT = 16 * 1024;
    /**
     * Most open HTTP connections; beyond, new ones wait in the kernel's backlog until one closes. A browser opens at
     * most 6 per server and a player one or two, so this only stops a flood (e.g. a LAN host holding thousands of
     * idle connections), which would otherwise use up the file descriptors the engine needs for peers and files.
     */
    public static final int MAX_CONNECTIONS = 256;

    private final HttpServerConfig config;
    private final Server server;
    private final ServerConnector connector;
    private final PathMappingsHandler routes = new PathMappingsHandler();
    private final ExecutorService virtualThreads;

    public HttpServer(HttpServerConfig config) {
        this(config, MAX_CONNECTIONS);
    }

    /** As above with another connection limit (tests). */
    HttpServer(HttpServerConfig config, int maxConnections) {
        this.config = config;
        QueuedThreadPool pool = new QueuedThreadPool(MAX_PLATFORM_THREADS, MIN_PLATFORM_THREADS);
        pool.setName("reel-http");
        virtualThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("reel-http-v", 0).factory());
        pool.setVirtualThreadsExecutor(virtualThreads);
        server = new Server(pool);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(REQUEST_HEADER_LIMIT);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.bindHost());
        connector.setPort(config.port());
        connector.setIdleTimeout(config.idleTimeout().toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(maxConnections, connector));

        server.setHandler(new HostGuard(config.extraHostNames(), this::port));
        ((Handler.Wrapper) server.getHandler()).setHandler(routes);
    }

    /**
     * Puts {@code filter} between the {@code Host} check and the routes (e.g. authentication, security headers); filters
     * added later run inside earlier ones. Call before {@link #start()}.
     *
     * @throws IllegalStateException after {@link #start()}
     */
    public HttpServer addFilter(Handler.Wrapper filter) {
        if (server.isStarted() || server.isStarting()) throw new IllegalStateException("add filters before start()");
        Handler.Wrapper outer = (Handler.Wrapper) server.getHandler();
        while (outer.getHandler() instanceof Handler.Wrapper inner) outer = inner;
        filter.setHandler(routes);
        outer.setHandler(filter);
        return this;
    }

    /**
     * Routes requests whose path matches {@code pathSpec} to {@code handler}. The spec uses Jetty's syntax
     * ({@link PathSpec#from}): {@code ^regex}, {@code /prefix/*}, {@code *.ext}, {@code /exact} or a URI template
     * {@code /a/{x}}. The handler sees the original request path in {@code request.getHttpURI()}.
     *
     * @throws IllegalStateException after {@link #start()}
     */
    public HttpServer addRoute(String pathSpec, Handler handler) {
        return addRoute(PathSpec.from(pathSpec), handler);
    }

    /** As {@link #addRoute(String, Handler)}. */
    public HttpServer addRoute(PathSpec pathSpec, Handler handler) {
        if (server.isStarted() || server.isStarting()) throw new IllegalStateException("add routes before start()");
        routes.addMapping(pathSpec, handler);
        return this;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException if the address cannot be bound (e.g. port in use)
     */
    public void start() throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new IOException("HTTP server failed to start on " + config.bindHost() + ":" + config.port(), e);
        }
        LOG.info("HTTP server listening on {}", baseUri());
    }

    /** The bound port (the real one when configured as 0); -1 before {@link #start()}. */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://HOST:PORT/} where HOST is the bind address (127.0.0.1 for a wildcard bind). */
    public URI baseUri() {
        String host = config.bindHost();
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) host = "127.0.0.1";
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) host = "[" + host + "]";
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** Whether new connections are accepted now (false while {@link #MAX_CONNECTIONS} are open). */
    boolean accepting() {
        return connector.isAccepting();
    }

    /** The configuration this server was built with. */
    public HttpServerConfig config() {
        return config;
    }

    /** Stops serving and aborts open connections; idempotent. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly: {}", e.toString());
        } finally {
            virtualThreads.shutdown();
        }
    }
}
