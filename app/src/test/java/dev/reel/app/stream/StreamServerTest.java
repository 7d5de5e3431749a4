package dev.reel.app.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.reel.app.server.HttpServer;
import dev.reel.app.server.HttpServerConfig;
import dev.reel.app.server.RawHttp;
import dev.reel.app.stream.TestSources.FileSource;
import dev.reel.app.stream.TestSources.GeneratedSource;
import dev.reel.app.stream.TestSources.MapRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The stream routes end to end: java.net.http (and raw sockets where it cannot go) against a real server. */
class StreamServerTest {

    static final String IH = "0123456789abcdef0123456789abcdef01234567";
    static final int FILE = 0;
    static final int SLOW = 1;
    static final int TIMEOUT_AT_START = 2;
    static final int TIMEOUT_MID_BODY = 3;
    static final int ENDLESS = 4;
    static final int EMPTY = 5;
    static final long MID_BODY_TIMEOUT_AT = 200_000;

    @TempDir
    Path dir;

    byte[] content;
    FileSource file;
    GeneratedSource slow;
    GeneratedSource timeoutAtStart;
    GeneratedSource timeoutMidBody;
    GeneratedSource endless;
    HttpServer server;
    HttpClient client;

    @BeforeEach
    void start() throws IOException {
        content = new byte[1_234_567];
        new Random(42).nextBytes(content);
        Path path = dir.resolve("movie.bin");
        Files.write(path, content);
        Path empty = Files.createFile(dir.resolve("empty.mp4"));
        file = new FileSource(path, "Movie (2001).mp4");
        slow = new GeneratedSource("slow.mkv", 300_000, 777, Long.MAX_VALUE);
        timeoutAtStart = new GeneratedSource("late.mkv", 1_000_000, 65_536, 0);
        timeoutMidBody = new GeneratedSource("stall.mkv", 1_000_000, 65_536, MID_BODY_TIMEOUT_AT);
        endless = new GeneratedSource("huge.mkv", 1L << 40, 65_536, Long.MAX_VALUE);
        MapRegistry registry = new MapRegistry()
                .put(IH, FILE, file).put(IH, SLOW, slow).put(IH, TIMEOUT_AT_START, timeoutAtStart)
                .put(IH, TIMEOUT_MID_BODY, timeoutMidBody).put(IH, ENDLESS, endless)
                .put(IH, EMPTY, new FileSource(empty, "empty.mp4"))
                .playlist(IH, List.of(new PlaylistEntry(FILE, "Movie (2001).mp4", content.length),
                        new PlaylistEntry(SLOW, "Extras/slow.mkv", 300_000),
                        new PlaylistEntry(6, "Movie (2001).srt", 10),
                        new PlaylistEntry(7, "cover.jpg", 10)));
        server = new HttpServer(HttpServerConfig.defaults());
        StreamRoutes.install(server, registry);
        server.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    URI uri(int index, String name) {
        return server.baseUri().resolve("/stream/" + IH + "/" + index + "/" + name);
    }

    HttpResponse<byte[]> get(URI uri, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (headers.length > 0) b.headers(headers);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> head(URI uri, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) b.headers(headers);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @Test
    void wholeFileWithHeaders() throws Exception {
        HttpResponse<byte[]> r = get(uri(FILE, "Movie%20(2001).mp4"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(content);
        assertThat(header(r, "Accept-Ranges")).isEqualTo("bytes");
        assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(content.length));
        assertThat(header(r, "Content-Type")).isEqualTo("video/mp4");
        assertThat(header(r, "Content-Disposition")).isEqualTo("inline; filename*=UTF-8''Movie%20%282001%29.mp4");
        assertThat(header(r, "ETag")).isEqualTo("\"" + IH + "-0\"");
        assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(r, "Content-Security-Policy")).isEqualTo("sandbox; default-src 'none'");
        assertThat(header(r, "Content-Range")).isNull();
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
        assertThat(file.awaitAllClosed(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void thirtyRandomSingleRangesAreByteExact() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 30; i++) {
            int first = random.nextInt(content.length);
            int last = first + random.nextInt(Math.min(content.length - first, 300_000));
            HttpResponse<byte[]> r = get(uri(FILE, "x.mp4"), "Range", "bytes=" + first + "-" + last);
            assertThat(r.statusCode()).isEqualTo(206);
            assertThat(header(r, "Content-Range")).isEqualTo("bytes " + first + "-" + last + "/" + content.length);
            assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(last - first + 1));
            assertThat(r.body()).as("range %d-%d", first, last).isEqualTo(Arrays.copyOfRange(content, first, last + 1));
        }
        assertThat(file.awaitAllClosed(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void suffixAndOpenRanges() throws Exception {
        HttpResponse<byte[]> suffix = get(uri(FILE, "x.mp4"), "Range", "bytes=-500");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(header(suffix, "Content-Range"))
                .isEqualTo("bytes " + (content.length - 500) + "-" + (content.length - 1) + "/" + content.length);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(content, content.length - 500, content.length));

        HttpResponse<byte[]> open = get(uri(FILE, "x.mp4"), "Range", "bytes=1000000-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(header(open, "Content-Range")).isEqualTo("bytes 1000000-" + (content.length - 1) + "/" + content.length);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(content, 1_000_000, content.length));

        HttpResponse<byte[]> past = get(uri(FILE, "x.mp4"), "Range", "bytes=1234000-99999999");
        assertThat(past.statusCode()).isEqualTo(206);
        assertThat(past.body()).isEqualTo(Arrays.copyOfRange(content, 1_234_000, content.length));

        HttpResponse<byte[]> bigSuffix = get(uri(FILE, "x.mp4"), "Range", "bytes=-99999999");
        assertThat(bigSuffix.statusCode()).isEqualTo(206);
        assertThat(bigSuffix.body()).isEqualTo(content);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=1234567-", "bytes=2000000-3000000", "bytes=-0"})
    void unsatisfiableIs416(String range) throws Exception {
        HttpResponse<byte[]> r = get(uri(FILE, "x.mp4"), "Range", range);
        assertThat(r.statusCode()).isEqualTo(416);
        assertThat(header(r, "Content-Range")).isEqualTo("bytes */" + content.length);
        assertThat(r.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-1,5-9", "bytes=0-5,3-9", "bytes=-1,0-0", "bytes=0-1,9999999-"})
    void multiRangeGetsTheWholeBody(String range) throws Exception {
        HttpResponse<byte[]> r = get(uri(FILE, "x.mp4"), "Range", range);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("video/mp4");
        assertThat(r.body()).isEqualTo(content);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=abc", "bytes=5-2", "bytes", "items=0-9", "bytes=0-0x10", "0-99", "bytes=--5"})
    void malformedRangeIsIgnored(String range) throws Exception {
        HttpResponse<byte[]> r = get(uri(FILE, "x.mp4"), "Range", range);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Range")).isNull();
        assertThat(r.body()).isEqualTo(content);
    }

    @Test
    void headSendsTheGetHeadersWithoutBody() throws Exception {
        HttpResponse<byte[]> r = head(uri(FILE, "x.mp4"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(content.length));
        assertThat(header(r, "Accept-Ranges")).isEqualTo("bytes");
        assertThat(header(r, "Content-Type")).isEqualTo("video/mp4");
        assertThat(r.body()).isEmpty();
        // RFC 9110 14.2: range handling is defined for GET only
        HttpResponse<byte[]> ranged = head(uri(FILE, "x.mp4"), "Range", "bytes=0-9");
        assertThat(ranged.statusCode()).isEqualTo(200);
        assertThat(ranged.body()).isEmpty();
        assertThat(file.opens.get()).as("HEAD never opens the reader").isZero();
    }

    @Test
    void ifRangeHonoursOnlyOurStrongEtag() throws Exception {
        String etag = "\"" + IH + "-0\"";
        HttpResponse<byte[]> match = get(uri(FILE, "x.mp4"), "Range", "bytes=0-9", "If-Range", etag);
        assertThat(match.statusCode()).isEqualTo(206);
        assertThat(match.body()).isEqualTo(Arrays.copyOf(content, 10));
        for (String other : List.of("\"other\"", "W/" + etag, "Wed, 21 Oct 2015 07:28:00 GMT", "\"" + IH + "-1\"")) {
            HttpResponse<byte[]> r = get(uri(FILE, "x.mp4"), "Range", "bytes=0-9", "If-Range", other);
            assertThat(r.statusCode()).as("If-Range: %s", other).isEqualTo(200);
            assertThat(r.body()).isEqualTo(content);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/stream/ffffffffffffffffffffffffffffffffffffffff/0/x.mp4", // unknown torrent
            "/stream/" + IH + "/99/x.mp4", // unknown file
            "/stream/0123456789abcdef/0/x.mp4", // short hash
            "/stream/0123456789abcdef0123456789abcdef0123456z/0/x.mp4", // not hex
            "/stream/" + IH + "/-1/x.mp4", "/stream/" + IH + "/abc/x.mp4", "/stream/" + IH + "/+1/x.mp4",
            "/stream/" + IH + "/99999999999/x.mp4",
            "/stream/" + IH + "/0", "/stream/" + IH + "/0/", "/stream/" + IH + "/0/a/b.mp4", "/stream/",
            "/playlist/ffffffffffffffffffffffffffffffffffffffff.m3u", "/playlist/nothex.m3u", "/playlist/" + IH})
    void unknownOrInvalidIs404(String path) throws Exception {
        HttpResponse<byte[]> r = get(server.baseUri().resolve(path));
        assertThat(r.statusCode()).as(path).isEqualTo(404);
    }

    @Test
    void fileNameSegmentIsCosmeticAndHashIsCaseInsensitive() throws Exception {
        HttpResponse<byte[]> r = get(server.baseUri().resolve("/stream/" + IH.toUpperCase() + "/0/whatever.mkv"),
                "Range", "bytes=0-3");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(header(r, "Content-Type")).isEqualTo("video/mp4");
        assertThat(r.body()).isEqualTo(Arrays.copyOf(content, 4));
    }

    @Test
    void urlsBuiltForAwkwardNamesResolve() throws Exception {
        for (String name : List.of("Épisode 1 [1080p].mkv", "a?b#c%d;e.mp4", "100% real & true.avi", "映画.mp4",
                "back\\slash\u007f\u0000.mkv", "..", ".", "")) {
            URI u = StreamRoutes.streamUri(server.baseUri(), IH, FILE, name);
            HttpResponse<byte[]> r = get(u, "Range", "bytes=5-9");
            assertThat(r.statusCode()).as(u.toString()).isEqualTo(206);
            assertThat(r.body()).isEqualTo(Arrays.copyOfRange(content, 5, 10));
        }
    }

    @Test
    void onlyGetAndHead() throws Exception {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri(FILE, "x.mp4"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(header(r, "Allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void emptyFile() throws Exception {
        HttpResponse<byte[]> r = get(uri(EMPTY, "empty.mp4"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Length")).isEqualTo("0");
        assertThat(r.body()).isEmpty();
        HttpResponse<byte[]> ranged = get(uri(EMPTY, "empty.mp4"), "Range", "bytes=0-");
        assertThat(ranged.statusCode()).isEqualTo(416);
        assertThat(header(ranged, "Content-Range")).isEqualTo("bytes */0");
    }

    @Test
    void slowSourceIsDeliveredByteExact() throws Exception {
        byte[] expected = new byte[300_000];
        for (int i = 0; i < expected.length; i++) expected[i] = GeneratedSource.byteAt(i);
        HttpResponse<byte[]> r = get(uri(SLOW, "slow.mkv"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("video/x-matroska");
        assertThat(r.body()).isEqualTo(expected);
        HttpResponse<byte[]> ranged = get(uri(SLOW, "slow.mkv"), "Range", "bytes=123456-234567");
        assertThat(ranged.statusCode()).isEqualTo(206);
        assertThat(ranged.body()).isEqualTo(Arrays.copyOfRange(expected, 123456, 234568));
        assertThat(slow.awaitAllClosed(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void concurrentRangeRequests() throws Exception {
        List<CompletableFuture<HttpResponse<byte[]>>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int first = i * 100_000;
            futures.add(client.sendAsync(HttpRequest.newBuilder(uri(FILE, "x.mp4"))
                    .header("Range", "bytes=" + first + "-" + (first + 199_999)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (int i = 0; i < 8; i++) {
            HttpResponse<byte[]> r = futures.get(i).get(60, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(206);
            assertThat(r.body()).isEqualTo(Arrays.copyOfRange(content, i * 100_000, i * 100_000 + 200_000));
        }
    }

    @Test
    void clientHangUpReleasesTheSource() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Reply head = http.sendAndReadHead("GET /stream/" + IH + "/" + ENDLESS + "/huge.mkv HTTP/1.1",
                    "Host: 127.0.0.1:" + server.port());
            assertThat(head.status()).isEqualTo(200);
            byte[] some = http.read(300_000);
            assertThat(some).hasSize(300_000);
            assertThat(some[299_999]).isEqualTo(GeneratedSource.byteAt(299_999));
            assertThat(endless.closes.get()).as("still streaming").isZero();
            http.abort();
        }
        assertThat(endless.awaitAllClosed(30, TimeUnit.SECONDS)).as("close() called after the hang-up").isTrue();
    }

    @Test
    void httpClientClosingTheBodyReleasesTheSource() throws Exception {
        HttpClient player = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<java.io.InputStream> r = player.send(HttpRequest.newBuilder(uri(ENDLESS, "huge.mkv"))
                .header("Range", "bytes=1000-").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(206);
        try (java.io.InputStream body = r.body()) {
            byte[] some = body.readNBytes(200_000);
            assertThat(some[0]).isEqualTo(GeneratedSource.byteAt(1000));
            assertThat(some[199_999]).isEqualTo(GeneratedSource.byteAt(200_999));
        }
        player.shutdownNow(); // the player exits
        assertThat(endless.awaitAllClosed(30, TimeUnit.SECONDS)).as("close() called after the client gave up").isTrue();
    }

    @Test
    void timeoutBeforeTheFirstByteIs503WithRetryAfter() throws Exception {
        HttpResponse<byte[]> r = get(uri(TIMEOUT_AT_START, "late.mkv"));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(header(r, "Retry-After")).isEqualTo(Integer.toString(StreamHandler.RETRY_AFTER_SECONDS));
        assertThat(header(r, "Content-Range")).isNull();
        assertThat(header(r, "Content-Disposition")).isNull();
        assertThat(timeoutAtStart.awaitAllClosed(10, TimeUnit.SECONDS)).isTrue();
        // a range that starts where data is missing is the same case
        HttpResponse<byte[]> ranged = get(uri(TIMEOUT_MID_BODY, "stall.mkv"), "Range", "bytes=250000-");
        assertThat(ranged.statusCode()).isEqualTo(503);
    }

    @Test
    void timeoutMidBodyAbortsTheResponse() throws Exception {
        RawHttp.Reply r = RawHttp.exchange(server.port(),
                "GET /stream/" + IH + "/" + TIMEOUT_MID_BODY + "/stall.mkv HTTP/1.1",
                "Host: 127.0.0.1:" + server.port());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Length")).isEqualTo("1000000");
        assertThat(r.body().length).as("short body: the client can tell").isLessThan(1_000_000)
                .isLessThanOrEqualTo((int) MID_BODY_TIMEOUT_AT);
        for (int i = 0; i < r.body().length; i++) {
            if (r.body()[i] != GeneratedSource.byteAt(i)) throw new AssertionError("byte " + i + " differs");
        }
        assertThat(timeoutMidBody.awaitAllClosed(10, TimeUnit.SECONDS)).isTrue();
        // the server is still fine afterwards
        assertThat(get(uri(FILE, "x.mp4"), "Range", "bytes=0-0").statusCode()).isEqualTo(206);
    }

    @Test
    void playlistListsVideoFilesWithAbsoluteUrls() throws Exception {
        HttpResponse<byte[]> r = get(server.baseUri().resolve("/playlist/" + IH + ".m3u"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("audio/x-mpegurl");
        String base = "http://127.0.0.1:" + server.port();
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("""
                #EXTM3U
                #EXTINF:-1,Movie (2001).mp4
                %1$s/stream/%2$s/0/Movie%%20%%282001%%29.mp4
                #EXTINF:-1,slow.mkv
                %1$s/stream/%2$s/1/slow.mkv
                """.formatted(base, IH));
        // the URLs work
        String firstUrl = new String(r.body(), StandardCharsets.UTF_8).lines().toList().get(2);
        HttpResponse<byte[]> stream = get(URI.create(firstUrl), "Range", "bytes=0-99");
        assertThat(stream.statusCode()).isEqualTo(206);
        assertThat(stream.body()).isEqualTo(Arrays.copyOf(content, 100));
        // URLs follow the Host the client used
        RawHttp.Reply viaLocalhost = RawHttp.exchange(server.port(), "GET /playlist/" + IH + ".m3u HTTP/1.1",
                "Host: localhost:" + server.port(), "Connection: close");
        assertThat(new String(viaLocalhost.body(), StandardCharsets.UTF_8))
                .contains("http://localhost:" + server.port() + "/stream/" + IH + "/1/slow.mkv");
        HttpResponse<byte[]> headOnly = head(server.baseUri().resolve("/playlist/" + IH + ".m3u"));
        assertThat(headOnly.statusCode()).isEqualTo(200);
        assertThat(headOnly.body()).isEmpty();
    }

    @Test
    void streamRequestsFromForeignHostsAre421() throws Exception {
        RawHttp.Reply r = RawHttp.exchange(server.port(), "GET /stream/" + IH + "/0/x.mp4 HTTP/1.1",
                "Host: evil.com:" + server.port(), "Connection: close");
        assertThat(r.status()).isEqualTo(421);
        assertThat(file.opens.get()).isZero();
    }

    @Test
    void streamUriBuilder() {
        assertThat(StreamRoutes.streamUri(URI.create("http://127.0.0.1:9000/"), IH, 3, "Show/Épisode 1.mkv"))
                .hasToString("http://127.0.0.1:9000/stream/" + IH + "/3/%C3%89pisode%201.mkv");
        assertThat(StreamRoutes.playlistUri(URI.create("http://127.0.0.1:9000/"), IH))
                .hasToString("http://127.0.0.1:9000/playlist/" + IH + ".m3u");
    }
}
