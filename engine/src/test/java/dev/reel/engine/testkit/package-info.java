/**
 * Loopback-swarm test kit: runs real reference BitTorrent clients (python3-libtorrent, Transmission, aria2) and a
 * tracker (opentracker) on 127.0.0.1 next to our engine, for interop tests.
 *
 * <p>Every process is started from an argument list, wrapped in coreutils {@code timeout} as a last-resort guard,
 * logs to {@code target/testkit-logs/<test>/}, and is killed with its whole process tree on {@code close()}. Ports are
 * chosen by binding port 0. A missing tool skips the test locally and fails it when {@code CI=true} ({@link
 * dev.reel.engine.testkit.Tools}). Pitfalls of each client are listed in {@code testkit/README.md} (test resources).
 *
 * <p>None of these classes is thread-safe unless stated; a test drives them from its own thread.
 */
package dev.reel.engine.testkit;
