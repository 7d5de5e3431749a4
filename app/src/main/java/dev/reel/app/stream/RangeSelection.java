package dev.reel.app.stream;

/**
 * What to send for a {@code Range} request header (RFC 9110 section 14): the whole representation, one byte range,
 * or a 416.
 *
 * <p>Why not Jetty's {@code org.eclipse.jetty.http.ByteRange.parse}: in Jetty 12.1 it returns an empty list both for
 * a malformed header and for an unsatisfiable one (we must answer 200 to the first and 416 to the second), it coalesces
 * overlapping ranges into one (we answer 200 to any multi-range request) and it treats the range unit
 * case-sensitively ({@code BYTES=0-1}), so this small parser implements the grammar directly:
 *
 * <pre>
 * Range        = range-unit "=" range-set          ; range-unit is case-insensitive
 * range-set    = 1#range-spec                      ; empty list elements are skipped (RFC 9110 5.6.1.2)
 * range-spec   = int-range / suffix-range
 * int-range    = first-pos "-" [ last-pos ]        ; last-pos &lt; first-pos makes the header invalid
 * suffix-range = "-" suffix-length                 ; all positions are 1*DIGIT
 * </pre>
 *
 * Policy (all allowed by RFC 9110 14.2, which lets a server ignore {@code Range}): an absent, malformed or non-bytes
 * header, and any header with more than one range-spec, selects the {@link Whole} representation (200, no multipart);
 * one satisfiable range selects a {@link Partial} (206); one unsatisfiable range selects {@link Unsatisfiable} (416
 * with {@code Content-Range: bytes *}{@code /LEN}). Pure and thread-safe.
 */
public sealed interface RangeSelection {

    /** Send the whole representation with 200; {@code reason} says why (for logs and tests). */
    record Whole(String reason) implements RangeSelection {}

    /** Send bytes {@code first..last} (inclusive) with 206. */
    record Partial(long first, long last) implements RangeSelection {
        public Partial {
            if (first < 0 || last < first) throw new IllegalArgumentException("bad range " + first + "-" + last);
        }

        /** Number of bytes in the range. */
        public long length() {
            return last - first + 1;
        }

        /** The {@code Content-Range} value for a representation of {@code completeLength} bytes. */
        public String contentRange(long completeLength) {
            return "bytes " + first + "-" + last + "/" + completeLength;
        }
    }

    /** The single range lies outside the representation: 416. */
    record Unsatisfiable() implements RangeSelection {
        /** The {@code Content-Range} value that must accompany a 416. */
        public static String contentRange(long completeLength) {
            return "bytes */" + completeLength;
        }
    }

    /**
     * Selects what to send for the {@code Range} header value {@code header} (null if absent) of a GET on a
     * representation of {@code length} bytes.
     */
    static RangeSelection select(String header, long length) {
        if (length < 0) throw new IllegalArgumentException("length < 0: " + length);
        if (header == null) return new Whole("no Range header");
        int eq = header.indexOf('=');
        if (eq < 0) return new Whole("malformed: no '=' in Range");
        if (!header.substring(0, eq).equalsIgnoreCase("bytes")) return new Whole("unsupported range unit");
        String[] elements = header.substring(eq + 1).split(",", -1);
        String spec = null;
        for (String element : elements) {
            String trimmed = element.strip();
            if (trimmed.isEmpty()) continue;
            if (spec != null) return new Whole("multiple ranges");
            spec = trimmed;
        }
        if (spec == null) return new Whole("malformed: empty range-set");
        int dash = spec.indexOf('-');
        if (dash < 0) return new Whole("malformed: no '-' in range-spec");
        String firstText = spec.substring(0, dash);
        String lastText = spec.substring(dash + 1);
        if (firstText.isEmpty()) {
            long suffix = digits(lastText);
            if (suffix < 0) return new Whole("malformed suffix-length");
            if (suffix == 0) return new Unsatisfiable();
            if (length == 0) return new Whole("suffix range of an empty representation");
            return new Partial(Math.max(0, length - suffix), length - 1);
        }
        long first = digits(firstText);
        if (first < 0) return new Whole("malformed first-pos");
        long last = lastText.isEmpty() ? Long.MAX_VALUE : digits(lastText);
        if (last < 0) return new Whole("malformed last-pos");
        if (last < first) return new Whole("invalid: last-pos < first-pos");
        if (first >= length) return new Unsatisfiable();
        return new Partial(first, Math.min(last, length - 1));
    }

    /** 1*DIGIT as a non-negative long, saturating at Long.MAX_VALUE; -1 if {@code s} is not 1*DIGIT. */
    private static long digits(String s) {
        if (s.isEmpty()) return -1;
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            int d = c - '0';
            value = value > (Long.MAX_VALUE - d) / 10 ? Long.MAX_VALUE : value * 10 + d;
        }
        return value;
    }
}
