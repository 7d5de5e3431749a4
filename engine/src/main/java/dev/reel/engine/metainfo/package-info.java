/**
 * Torrent metadata: parsing and creating .torrent files and magnet links, and making their file paths safe.
 *
 * <ul>
 *   <li>BEP 3 (The BitTorrent Protocol Specification): the metainfo file, the info dictionary and its SHA-1 info-hash
 *       ({@link dev.reel.engine.metainfo.Metainfo}, {@link dev.reel.engine.metainfo.TorrentCreator}).
 *   <li>BEP 9 (Extension for Peers to Send Metadata Files): magnet links and building a torrent from an info dictionary
 *       received from peers ({@link dev.reel.engine.metainfo.Magnet},
 *       {@link dev.reel.engine.metainfo.Metainfo#fromInfoBytes}).
 *   <li>BEP 12 (Multitracker Metadata Extension): {@code announce-list} tiers.
 *   <li>BEP 19 (WebSeed, HTTP/FTP Seeding): {@code url-list} and the magnet {@code ws} parameter.
 *   <li>BEP 27 (Private Torrents): the {@code private} flag.
 *   <li>BEP 47 (Padding files and extended file attributes): padding files ({@code attr} 'p', and the {@code .pad/N},
 *       BitComet and Internet Archive {@code _____padding_file} names).
 * </ul>
 *
 * BEP 52 (v2) is not implemented: hybrid torrents are read through their v1 part and v2-only torrents are rejected.
 * Untrusted file paths go through {@link dev.reel.engine.metainfo.PathSanitizer} before any disk access.
 */
package dev.reel.engine.metainfo;
