package dev.reel.app.stream;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET}/{@code HEAD /stream/{infohash}/{fileIndex}/{filename}}: one torrent file with RFC 9110 range support
 * (see {@link RangeSelection} for the exact policy). The {@code {filename}} segment is cosmetic and ignored.
 *
 * <p>Headers: {@code Accept-Ranges: bytes}, {@code Content-Length}, {@code Content-Type} by extension,
 * {@code Content-Disposition: inline; filename*=UTF-8''…}, {@code X-Content-Type-Options: nosniff},
 * {@code Content-Security-Policy: sandbox; default-src 'none'} (a hostile torrent's file must not run as a page of
 * Reel's origin), and a strong {@code ETag} {@code "infohash-index"} (a v1
 * info-hash fixes every byte of the file), which {@code If-Range} must match for the range to be honoured (RFC 9110
 * 13.1.5; a date never matches since we send no Last-Modified). {@code HEAD} ignores {@code Range}, as RFC 9110 14.2
 * defines range handling for GET only.
 *
 * <p>Body: runs on a virtual thread and blocks. It reads the source in {@value #CHUNK_SIZE}-byte chunks and writes each
 * with a blocking {@link Content.Sink#write(Content.Sink, boolean, ByteBuffer)}. The first chunk is read before the
 * response is committed, so a {@link ReadTimeoutException} there becomes 503 with {@code Retry-After}; a read failure
 * after that aborts the connection (the client sees a short body) and logs one line. When the client goes away the
 * write fails and the source channel is closed at once, which releases the engine's reader. Stateless and
 * thread-safe; one virtual thread per request.
 */
final class StreamHandler extends Handler.Abstract {

    /** The route, as a Jetty regex path spec. */
    static final String PATH_SPEC = "^/stream/[^/]+/[^/]+/[^/]+$";
    /** Bytes read from the source and written to the client per step. */
    static final int CHUNK_SIZE = 64 * 1024;
    /** Seconds a client should wait before retrying after a 503 (data not downloaded yet). */
    static final int RETRY_AFTER_SECONDS = 5;
    /** Consecutive zero-byte reads tolerated from a (supposedly blocking) source before giving up. */
    static final int MAX_EMPTY_READS = 1000;

    /** The policy of every stream answer: a torrent's file shown as a document gets no origin and runs nothing. */
    static final String SANDBOX_CSP = "sandbox; default-src 'none'";

    private static final Logger LOG = LoggerFactory.getLogger(StreamHandler.class);
    private static final Pattern PATH = Pattern.compile("^/stream/([^/]+)/([^/]+)/[^/]+$");

    private final StreamRegistry registry;

    StreamHandler(StreamRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (Http.rejectUnlessGetOrHead(request, response, callback)) return true;
        Matcher m = PATH.matcher(request.getHttpURI().getCanonicalPath());
        String infoHash = m.matches() ? Http.infoHash(m.group(1)) : null;
        int fileIndex = m.matches() ? Http.fileIndex(m.group(2)) : -1;
        Optional<StreamSource> found = infoHash == null || fileIndex < 0
                ? Optional.empty() : registry.find(infoHash, fileIndex);
        if (found.isEmpty()) {
            Http.text(request, response, callback, HttpStatus.NOT_FOUND_404, "404 Not Found: no such torrent file");
            return true;
        }
        StreamSource source = found.get();
        long length = source.length();
        String etag = "\"" + infoHash + "-" + fileIndex + "\"";
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        RangeSelection selection = head ? new RangeSelection.Whole("HEAD ignores Range")
                : RangeSelection.select(rangeHeader(request, etag), length);

        response.getHeaders().put(HttpHeader.ACCEPT_RANGES, "bytes");
        response.getHeaders().put(HttpHeader.ETAG, etag);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MediaTypes.forFileName(source.fileName()));
        response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, MediaTypes.inlineDisposition(source.fileName()));
        // The bytes are a stranger's: never sniffed into something runnable, and if a browser shows them as a page
        // anyway, it runs sandboxed (an opaque origin, no script), so it cannot use Reel's origin and token.
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Content-Security-Policy", SANDBOX_CSP);
        long first;
        long count;
        switch (selection) {
            case RangeSelection.Unsatisfiable u -> {
                response.setStatus(HttpStatus.RANGE_NOT_SATISFIABLE_416);
                response.getHeaders().put(HttpHeader.CONTENT_RANGE, RangeSelection.Unsatisfiable.contentRange(length));
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
                response.getHeaders().remove(HttpHeader.CONTENT_DISPOSITION);
                response.write(true, null, callback);
                return true;
            }
            case RangeSelection.Partial p -> {
                response.setStatus(HttpStatus.PARTIAL_CONTENT_206);
                response.getHeaders().put(HttpHeader.CONTENT_RANGE, p.contentRange(length));
                first = p.first();
                count = p.length();
            }
            case RangeSelection.Whole w -> {
                response.setStatus(HttpStatus.OK_200);
                first = 0;
                count = length;
            }
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, count);
        if (head || count == 0) {
            response.write(true, null, callback);
            return true;
        }
        streamBody(request, response, callback, source, first, count);
        return true;
    }

    /** The Range value to obey: null if absent, repeated (invalid), or defeated by a non-matching If-Range. */
    private static String rangeHeader(Request request, String etag) {
        List<HttpField> ranges = request.getHeaders().getFields(HttpHeader.RANGE);
        if (ranges.size() != 1) return null;
        String ifRange = request.getHeaders().get(HttpHeader.IF_RANGE);
        if (ifRange != null && !ifRange.strip().equals(etag)) return null;
        return ranges.get(0).getValue();
    }

    private static void streamBody(Request request, Response response, Callback callback, StreamSource source,
            long first, long count) {
        String what = request.getHttpURI().getCanonicalPath();
        long sent = 0;
        Throwable failure = null;
        try (SeekableByteChannel channel = source.open(first, first + count)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK_SIZE, count));
            fill(channel, buffer, count); // before the first write: a timeout here can still become a 503
            while (true) {
                buffer.flip();
                int n = buffer.remaining();
                boolean last = sent + n == count;
                try {
                    Content.Sink.write(response, last, buffer);
                } catch (IOException e) {
                    throw new ClientGone(e);
                }
                sent += n;
                if (last) break;
                fill(channel, buffer, count - sent);
            }
        } catch (ClientGone e) {
            LOG.debug("stream {}: client went away after {} of {} bytes", what, sent, count);
            failure = e.getCause();
        } catch (IOException | RuntimeException e) {
            if (!response.isCommitted() && e instanceof ReadTimeoutException) {
                LOG.info("stream {}: no data at byte {} yet, answering 503 ({})", what, first, e.getMessage());
                unavailable(request, response, callback);
                return;
            }
            if (!response.isCommitted()) {
                LOG.warn("stream {}: cannot read source: {}", what, e.toString());
                response.reset();
                Http.text(request, response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500,
                        "500 Internal Server Error: cannot read the file");
                return;
            }
            if (sent == count) {
                LOG.debug("stream {}: body complete, closing the source failed: {}", what, e.toString());
            } else {
                LOG.warn("stream {}: aborted after {} of {} bytes: {}", what, sent, count, e.toString());
                failure = e;
            }
        }
        // The channel is closed by now: the reader is released before Jetty finishes the exchange.
        if (failure == null) callback.succeeded();
        else callback.failed(failure);
    }

    /** Reads at least one byte (at most {@code remaining}) into the cleared buffer, blocking as the source does. */
    private static void fill(SeekableByteChannel channel, ByteBuffer buffer, long remaining) throws IOException {
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), remaining));
        for (int empty = 0; empty < MAX_EMPTY_READS; empty++) {
            int n = channel.read(buffer);
            if (n < 0) throw new EOFException("source ended " + remaining + " bytes early");
            if (n > 0) return;
        }
        throw new IOException("source returned no data " + MAX_EMPTY_READS + " times in a row");
    }

    private static void unavailable(Request request, Response response, Callback callback) {
        response.reset();
        response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
        Http.text(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                "503 Service Unavailable: the data is not downloaded yet");
    }

    /** A failed write to the client, told apart from a failed read from the source. */
    private static final class ClientGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClientGone(IOException cause) {
            super(cause);
        }
    }
}
