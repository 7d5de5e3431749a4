package dev.reel.app.stream;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Content-Type by file extension, and the {@code Content-Disposition} value for a served file. Our own table rather
 * than Jetty's {@code MimeTypes}, whose defaults lack several container formats players care about (mkv, ts). Pure and
 * thread-safe.
 */
public final class MediaTypes {

    /** Sent when the extension is unknown. */
    public static final String DEFAULT = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("mp4", "video/mp4"),
            Map.entry("m4v", "video/mp4"),
            Map.entry("webm", "video/webm"),
            Map.entry("mkv", "video/x-matroska"),
            Map.entry("avi", "video/x-msvideo"),
            Map.entry("ts", "video/mp2t"),
            Map.entry("m2ts", "video/mp2t"),
            Map.entry("mts", "video/mp2t"),
            Map.entry("mov", "video/quicktime"),
            Map.entry("mpg", "video/mpeg"),
            Map.entry("mpeg", "video/mpeg"),
            Map.entry("ogv", "video/ogg"),
            Map.entry("flv", "video/x-flv"),
            Map.entry("wmv", "video/x-ms-wmv"),
            Map.entry("3gp", "video/3gpp"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("m4a", "audio/mp4"),
            Map.entry("aac", "audio/aac"),
            Map.entry("flac", "audio/flac"),
            Map.entry("ogg", "audio/ogg"),
            Map.entry("oga", "audio/ogg"),
            Map.entry("opus", "audio/ogg"),
            Map.entry("wav", "audio/wav"),
            Map.entry("vtt", "text/vtt"),
            Map.entry("srt", "application/x-subrip"),
            Map.entry("ass", "text/x-ssa"),
            Map.entry("ssa", "text/x-ssa"),
            Map.entry("txt", "text/plain"),
            Map.entry("nfo", "text/plain"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("png", "image/png"));

    private MediaTypes() {}

    /** The media type for {@code fileName}'s extension (case-insensitive), or {@link #DEFAULT}. */
    public static String forFileName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) return DEFAULT;
        return BY_EXTENSION.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
    }

    /** Whether {@code fileName} has a video extension (what a playlist lists). */
    public static boolean isVideo(String fileName) {
        return forFileName(fileName).startsWith("video/");
    }

    /**
     * {@code inline; filename*=UTF-8''NAME} (RFC 6266 with the RFC 8187 encoding) for the last path element of
     * {@code fileName}; every byte outside RFC 8187's attr-char is percent-encoded, so CR, LF, quotes and ';' can
     * never break the header.
     */
    public static String inlineDisposition(String fileName) {
        String name = baseName(fileName);
        StringBuilder sb = new StringBuilder("inline; filename*=UTF-8''");
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isAttrChar(c)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** The part of {@code path} after its last '/' or '\'. */
    static String baseName(String path) {
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(cut + 1);
    }

    // RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
    private static boolean isAttrChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$&+-.^_`|~".indexOf(c) >= 0;
    }
}
