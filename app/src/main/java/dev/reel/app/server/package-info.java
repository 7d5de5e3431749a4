/**
 * Reel's embedded HTTP server plumbing: {@link dev.reel.app.server.HttpServer} (Jetty 12 core handlers on virtual
 * threads, path routing) and the {@code Host} check that answers 421 Misdirected Request (RFC 9110 15.5.20) to
 * DNS-rebinding attempts. Routes live in their own packages (e.g. {@code dev.reel.app.stream}).
 */
package dev.reel.app.server;
