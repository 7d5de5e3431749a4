/**
 * What the web UI needs from the server besides the JSON API: the Preact ES modules from the WebJar
 * ({@link dev.reel.app.web.VendorFiles}, {@code /vendor/*}) and subtitle files of a torrent as WebVTT
 * ({@link dev.reel.app.web.SubtitleHandler}, {@code /subtitles/{infohash}/{fileIndex}.vtt}). The UI itself is static
 * files under the classpath folder {@code /web/}, served by {@code dev.reel.app.api.StaticFiles}.
 */
package dev.reel.app.web;
