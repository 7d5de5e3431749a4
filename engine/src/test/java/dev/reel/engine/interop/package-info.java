/**
 * Interoperability tests of the whole engine against real reference clients (python3-libtorrent, Transmission, aria2)
 * and opentracker on loopback, through the test kit ({@code dev.reel.engine.testkit}): the "Must show" list of the
 * engine issue. One class per concern; each test skips locally (fails with {@code CI=true}) when a tool is missing.
 */
package dev.reel.engine.interop;
