/**
 * Play sessions over the one shared engine and the streaming cache (issue 5, items 5 and 6):
 * {@link dev.reel.app.play.PlaySessions} adds torrents, picks files, serves them to the stream routes, ends idle
 * sessions and enforces the cache limit with the library's {@code CachePolicy}.
 */
package dev.reel.app.play;
