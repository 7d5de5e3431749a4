package dev.reel.app.stream;

import java.net.URI;
import java.util.Objects;

import dev.reel.app.server.HttpServer;

/**
 * Installs the stream routes on an {@link HttpServer} and builds their URLs.
 *
 * <ul>
 *   <li>{@code GET|HEAD /stream/{infohash}/{fileIndex}/{filename}} — a file, with ranges ({@link StreamHandler})
 *   <li>{@code GET|HEAD /playlist/{infohash}.m3u} — the torrent's videos as M3U ({@link PlaylistHandler})
 * </ul>
 */
public final class StreamRoutes {

    private StreamRoutes() {}

    /** Adds both routes, served from {@code registry}; call before {@link HttpServer#start()}. */
    public static void install(HttpServer server, StreamRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        server.addRoute(StreamHandler.PATH_SPEC, new StreamHandler(registry));
        server.addRoute(PlaylistHandler.PATH_SPEC, new PlaylistHandler(registry));
    }

    /** The absolute stream URL of a file, e.g. {@code http://127.0.0.1:PORT/stream/ab12…/0/Movie%20(2001).mkv}. */
    public static URI streamUri(URI base, String infoHashHex, int fileIndex, String fileName) {
        String b = base.toString();
        if (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        return URI.create(streamPath(b, infoHashHex, fileIndex, MediaTypes.baseName(fileName)));
    }

    /** The absolute playlist URL of a torrent. */
    public static URI playlistUri(URI base, String infoHashHex) {
        return base.resolve("/playlist/" + infoHashHex + ".m3u");
    }

    static String streamPath(String base, String infoHashHex, int fileIndex, String fileName) {
        // The segment is cosmetic. Jetty (like many proxies) answers 400 to a path holding an encoded '%', '/', '\'
        // or control character, and "." / ".." would be normalised away, so those become '_' or "file".
        String cosmetic = fileName.replaceAll("[%/\\\\\\p{Cntrl}]", "_");
        boolean usable = !cosmetic.isEmpty() && !cosmetic.equals(".") && !cosmetic.equals("..");
        String segment = usable ? Http.pathSegment(cosmetic) : "file";
        return base + "/stream/" + infoHashHex + "/" + fileIndex + "/" + segment;
    }
}
