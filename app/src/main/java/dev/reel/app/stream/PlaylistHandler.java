package dev.reel.app.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET}/{@code HEAD /playlist/{infohash}.m3u}: an extended M3U ({@code #EXTM3U}, one {@code #EXTINF:-1,NAME} and
 * one absolute stream URL per video file, in torrent order) as {@code audio/x-mpegurl}, UTF-8. URLs use the scheme and
 * authority the client used (already vetted by the Host check), so they work under any accepted host name. Unknown
 * torrent → 404. Non-blocking apart from the registry call; thread-safe.
 */
final class PlaylistHandler extends Handler.Abstract {

    /** The route, as a Jetty regex path spec. */
    static final String PATH_SPEC = "^/playlist/[^/]+\\.m3u$";
    static final String CONTENT_TYPE = "audio/x-mpegurl";

    private static final Pattern PATH = Pattern.compile("^/playlist/([^/]+)\\.m3u$");

    private final StreamRegistry registry;

    PlaylistHandler(StreamRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (Http.rejectUnlessGetOrHead(request, response, callback)) return true;
        Matcher m = PATH.matcher(request.getHttpURI().getCanonicalPath());
        String infoHash = m.matches() ? Http.infoHash(m.group(1)) : null;
        List<PlaylistEntry> entries = infoHash == null ? List.of() : registry.playlist(infoHash);
        if (entries.isEmpty()) {
            Http.text(request, response, callback, HttpStatus.NOT_FOUND_404, "404 Not Found: no such torrent");
            return true;
        }
        HttpURI uri = request.getHttpURI();
        String base = uri.getScheme() + "://" + uri.getAuthority();
        byte[] body = render(base, infoHash, entries).getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        response.write(true, head ? null : ByteBuffer.wrap(body), callback);
        return true;
    }

    /** The playlist text for the video entries of torrent {@code infoHash}, with URLs under {@code base}. */
    static String render(String base, String infoHash, List<PlaylistEntry> entries) {
        StringBuilder sb = new StringBuilder("#EXTM3U\n");
        for (PlaylistEntry e : entries) {
            if (!MediaTypes.isVideo(e.fileName())) continue;
            String name = MediaTypes.baseName(e.fileName());
            sb.append("#EXTINF:-1,").append(name.replaceAll("[\\r\\n]+", " ")).append('\n');
            sb.append(StreamRoutes.streamPath(base, infoHash, e.fileIndex(), name)).append('\n');
        }
        return sb.toString();
    }
}
