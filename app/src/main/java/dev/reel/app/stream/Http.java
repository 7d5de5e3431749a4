package dev.reel.app.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Small helpers shared by the stream routes. */
final class Http {

    /** 40 hex digits: a BEP 3 (v1) info-hash. */
    static final int INFO_HASH_HEX_LENGTH = 40;

    private Http() {}

    /** Writes a complete {@code text/plain} response (no body for HEAD). */
    static void text(Request request, Response response, Callback callback, int status, String message) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        response.write(true, head ? null : ByteBuffer.wrap(body), callback);
    }

    /** 405 unless the method is GET or HEAD; returns whether it answered. */
    static boolean rejectUnlessGetOrHead(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method)) return false;
        response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
        text(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "405 Method Not Allowed");
        return true;
    }

    /** The info-hash as 40 lower-case hex digits, or null if {@code text} is not 40 hex digits. */
    static String infoHash(String text) {
        if (text.length() != INFO_HASH_HEX_LENGTH) return null;
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) return null;
        }
        return text.toLowerCase(Locale.ROOT);
    }

    /** A file index (1 to 9 decimal digits, no sign), or -1. */
    static int fileIndex(String text) {
        if (text.isEmpty() || text.length() > 9) return -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') return -1;
        }
        return Integer.parseInt(text);
    }

    /** Percent-encodes {@code s} as one URL path segment: UTF-8, every byte except RFC 3986 unreserved encoded. */
    static String pathSegment(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
