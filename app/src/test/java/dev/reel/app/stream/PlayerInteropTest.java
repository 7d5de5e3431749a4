package dev.reel.app.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.reel.app.server.HttpServer;
import dev.reel.app.server.HttpServerConfig;
import dev.reel.app.stream.TestSources.FileSource;
import dev.reel.app.stream.TestSources.MapRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients against the server: curl, and ffprobe/ffmpeg reading a small real video (which makes them seek with
 * ranges, e.g. to an MP4's trailing moov atom). Skipped when a tool is missing, except with CI=true, where that fails.
 */
class PlayerInteropTest {

    static final String IH = "89abcdef0123456789abcdef0123456789abcdef";
    static final long TOOL_TIMEOUT_SECONDS = 120;

    @TempDir
    Path dir;

    HttpServer server;
    MapRegistry registry;
    byte[] data;

    @BeforeEach
    void start() throws IOException {
        data = new byte[200_000];
        new Random(1).nextBytes(data);
        Path bin = dir.resolve("data.bin");
        Files.write(bin, data);
        registry = new MapRegistry().put(IH, 0, new FileSource(bin, "data.bin"));
        server = new HttpServer(HttpServerConfig.defaults());
        StreamRoutes.install(server, registry);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void curlGetsA206ForASingleRange() throws Exception {
        String curl = requireTool("curl");
        Path out = dir.resolve("curl.out");
        Result r = run(curl, "-sS", "-r", "0-99", "-o", out.toString(), "-w", "%{http_code}",
                server.baseUri() + "stream/" + IH + "/0/data.bin");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output().strip()).isEqualTo("206");
        assertThat(Files.readAllBytes(out)).isEqualTo(Arrays.copyOf(data, 100));
    }

    @Test
    void ffprobeAndFfmpegReadARealVideoThroughTheServer() throws Exception {
        String ffmpeg = requireTool("ffmpeg");
        String ffprobe = requireTool("ffprobe");
        // An MP4 without faststart keeps its index (moov) at the end, so readers must seek with Range requests.
        Path mp4 = dir.resolve("clip.mp4");
        Result made = run(ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=2:size=160x120:rate=10",
                "-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-c:v", "mpeg4", "-c:a", "aac",
                "-shortest", mp4.toString());
        assertThat(made.exit()).as(made.output()).isZero();
        Path mkv = dir.resolve("clip.mkv");
        Result madeMkv = run(ffmpeg, "-v", "error", "-y", "-i", mp4.toString(), "-c", "copy", mkv.toString());
        assertThat(madeMkv.exit()).as(madeMkv.output()).isZero();
        FileSource mp4Source = new FileSource(mp4, "clip.mp4");
        registry.put(IH, 1, mp4Source).put(IH, 2, new FileSource(mkv, "clip.mkv"));

        for (String url : List.of(server.baseUri() + "stream/" + IH + "/1/clip.mp4",
                server.baseUri() + "stream/" + IH + "/2/clip.mkv")) {
            Result probe = run(ffprobe, "-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0", url);
            assertThat(probe.exit()).as("ffprobe %s: %s", url, probe.output()).isZero();
            assertThat(probe.output()).contains("video").contains("audio");
            if (url.endsWith(".mp4")) {
                assertThat(mp4Source.opens.get()).as("ffprobe sought to the trailing moov with a second request")
                        .isGreaterThanOrEqualTo(2);
            }
            // Decoding everything reads the whole file through the server.
            Result decode = run(ffmpeg, "-v", "error", "-i", url, "-f", "null", "-");
            assertThat(decode.exit()).as("ffmpeg %s: %s", url, decode.output()).isZero();
        }
    }

    record Result(int exit, String output) {}

    static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                new File("/dev/null"))).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + TOOL_TIMEOUT_SECONDS + " s");
        }
        return new Result(p.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** The tool's path; skips the test if it is not on PATH, or fails it when CI=true. */
    static String requireTool(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        for (String d : dirs) {
            Path candidate = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(candidate)) return candidate.toString();
        }
        String reason = name + " is not installed (not on PATH)";
        if ("true".equals(System.getenv("CI"))) fail(reason + "; CI=true requires it");
        Assumptions.abort(reason);
        return null;
    }
}
