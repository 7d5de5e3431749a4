package dev.reel.app.web;

import dev.reel.app.stream.StreamRegistry;
import dev.reel.app.stream.StreamSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /subtitles/{infohash}/{fileIndex}.vtt}: a subtitle file of a playing torrent (a {@code .srt} or
 * {@code .vtt} file, at most {@link #MAX_BYTES}) converted to WebVTT by {@link WebVtt} for the player's
 * {@code <track>}. The file is read through the stream registry, so only downloaded and hash-verified bytes are used;
 * the request blocks until they are there (the reader makes the engine fetch them first) or the reader times out
 * ({@code 504}). Answers {@code 404} for an unknown torrent or file, {@code 415} for a file that is not SRT/VTT,
 * {@code 413} for a file over the limit. Thread-safe; blocks a (virtual) request thread.
 */
public final class SubtitleHandler extends Handler.Abstract {
  /** The route. */
  public static final String PATH_SPEC = "/subtitles/*";
  /** The largest subtitle file converted (a feature film's SRT is ~100 KB). */
  public static final long MAX_BYTES = 4L << 20;
  private static final Pattern PATH = Pattern.compile("^/subtitles/([0-9a-fA-F]{40})/(\\d{1,9})\\.vtt$");

  private final StreamRegistry registry;
  private final Duration wait;

  public SubtitleHandler(StreamRegistry registry, Duration wait) {
    this.registry = registry;
    this.wait = wait;
  }

  /** Whether a file name is a subtitle file this route converts. */
  public static boolean isSubtitle(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".srt") || n.endsWith(".vtt");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      return text(request, response, callback, 405, "405 Method Not Allowed");
    }
    Matcher m = PATH.matcher(request.getHttpURI().getPath());
    if (!m.matches()) return text(request, response, callback, 404, "not a subtitle path");
    Optional<StreamSource> found = registry.find(m.group(1).toLowerCase(Locale.ROOT), Integer.parseInt(m.group(2)));
    if (found.isEmpty()) return text(request, response, callback, 404, "no such torrent or file (is it playing?)");
    StreamSource source = found.get();
    if (!isSubtitle(source.fileName())) {
      return text(request, response, callback, 415, "not a subtitle file (.srt or .vtt)");
    }
    if (source.length() > MAX_BYTES) {
      return text(request, response, callback, 413, "subtitle file over " + MAX_BYTES + " bytes");
    }
    byte[] bytes;
    try {
      bytes = readAll(source, wait);
    } catch (IOException e) {
      return text(request, response, callback, 504, "the subtitle file is not downloaded yet: " + e.getMessage());
    }
    byte[] vtt = WebVtt.convert(WebVtt.decode(bytes)).getBytes(StandardCharsets.UTF_8);
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/vtt; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, vtt.length);
    response.write(true, HttpMethod.HEAD.is(method) ? null : ByteBuffer.wrap(vtt), callback);
    return true;
  }

  /** Reads the whole (verified) file; the channel blocks per read until data is there or times out. */
  static byte[] readAll(StreamSource source, Duration wait) throws IOException {
    long deadline = System.nanoTime() + wait.toNanos();
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) source.length());
    try (SeekableByteChannel ch = source.open()) {
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      while (out.size() < source.length()) {
        if (System.nanoTime() > deadline) throw new IOException("timed out after " + wait.toSeconds() + " s");
        buf.clear();
        int n = ch.read(buf);
        if (n < 0) break;
        out.write(buf.array(), 0, n);
      }
    }
    return out.toByteArray();
  }

  private static boolean text(Request request, Response response, Callback callback, int status, String message) {
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(body), callback);
    return true;
  }
}
