/**
 * The built-in "Open Movies" provider: the Blender Foundation's open movies (Creative Commons), bundled with their real
 * .torrent files (BEP 3) so their info-hashes, trackers (BEP 12) and web seeds (BEP 19) are exact.
 */
package dev.reel.app.catalog.openmovies;
