/**
 * Talking to BitTorrent trackers: announce and scrape over HTTP(S) (BEP 3) and UDP (BEP 15), compact peer lists
 * (BEP 23) including IPv6 peers (BEP 7), and multitracker tiers (BEP 12).
 *
 * <p>The public face is {@link dev.reel.engine.tracker.Trackers#open} (one {@link
 * dev.reel.engine.tracker.TrackerClient} per announce URL) and {@link dev.reel.engine.tracker.Announcer}, which keeps
 * one torrent announced on its own virtual thread. Limits are named constants: {@code
 * HttpTrackerClient.MAX_RESPONSE} (1 MiB, enforced while the body streams in), {@code UdpTrackerClient.MAX_PACKET}
 * (16 KiB; larger datagrams are dropped).
 *
 * <p>References: BEP 3 (the tracker HTTP protocol), BEP 7 ({@code peers6}), BEP 12 (announce-list tiers),
 * BEP 15 (UDP tracker protocol), BEP 23 (compact peer lists); see https://www.bittorrent.org/beps/bep_0000.html.
 */
package dev.reel.engine.tracker;
