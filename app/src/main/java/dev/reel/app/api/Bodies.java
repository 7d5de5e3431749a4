package dev.reel.app.api;

import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * Request bodies an answer did not read. A server that answers (403, 413, 400...) and closes while the client is
 * still sending leaves unread bytes in its receive buffer, and TCP then resets the connection, which can destroy the
 * answer before the client reads it; a kept-alive connection with unread bytes also breaks the client's next request.
 * So refused bodies are read and thrown away up to {@link #MAX_DRAIN_BYTES}; beyond that the answer says
 * {@code Connection: close}. Blocks the (virtual) request thread.
 */
final class Bodies {
  /** The most of an unread body that is read and discarded before answering. */
  static final long MAX_DRAIN_BYTES = 64L << 20;

  private Bodies() {}

  /**
   * Reads and discards what is left of the request body (nothing for GET/HEAD), or marks the answer
   * {@code Connection: close} when more than {@link #MAX_DRAIN_BYTES} is left or reading fails. Call before writing
   * the answer's headers.
   */
  static void discardUnread(Request request, Response response) {
    String method = request.getMethod();
    if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method)) {
      return;
    }
    long declared = request.getLength();
    if (declared > MAX_DRAIN_BYTES) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      return;
    }
    try {
      InputStream in = Request.asInputStream(request);
      if (!drain(in, declared >= 0 ? declared : MAX_DRAIN_BYTES)) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
      }
    } catch (IOException | RuntimeException e) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
  }

  /** Reads and discards at most {@code max} bytes; true when the stream ended within them. */
  static boolean drain(InputStream in, long max) throws IOException {
    byte[] sink = new byte[64 * 1024];
    long left = max;
    while (left > 0) {
      int n = in.read(sink, 0, (int) Math.min(sink.length, left));
      if (n < 0) {
        return true;
      }
      left -= n;
    }
    return in.read() < 0;
  }
}
