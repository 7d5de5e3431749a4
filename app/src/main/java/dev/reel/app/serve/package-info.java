/**
 * {@code reel serve}'s composition root ({@link dev.reel.app.serve.ReelServer}): library, engine, play sessions,
 * catalog and HTTP server (JSON API, stream, web UI) wired by hand from one {@link dev.reel.app.serve.ServeConfig}.
 */
package dev.reel.app.serve;
