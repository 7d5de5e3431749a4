package dev.reel.app.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.testkit.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Small but real videos made with ffmpeg for the streaming tests: 30 s of 1280x720 test pattern with a sine tone,
 * H.264 at ~2.5 Mbit/s + AAC, in an MP4 whose {@code moov} is at the end (ffmpeg's default, no faststart). Made once
 * per JVM under a temp folder. Skipped without ffmpeg locally, failed in CI.
 */
public final class StreamTestVideos {
  /** Seconds of video. */
  static final int SECONDS = 30;
  private static Path mp4;

  private StreamTestVideos() {}

  /** The MP4 (moov at the end). */
  public static synchronized Path mp4() throws Exception {
    if (mp4 == null) {
      String ffmpeg = Tools.requireExecutable("ffmpeg").toString();
      Path dir = Files.createTempDirectory("reel-videos-");
      Path out = dir.resolve("clip.mp4");
      PlayerInteropTest.Result r = PlayerInteropTest.run(ffmpeg, "-v", "error", "-y",
          "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25",
          "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
          "-t", Integer.toString(SECONDS), "-c:v", "libx264", "-preset", "ultrafast",
          "-b:v", "2500k", "-maxrate", "2500k", "-bufsize", "2500k", "-g", "50",
          "-c:a", "aac", "-b:a", "96k", out.toString());
      assertThat(r.exit()).as(r.output()).isZero();
      dir.toFile().deleteOnExit();
      out.toFile().deleteOnExit();
      mp4 = out;
    }
    return mp4;
  }

  /** Average bytes per second of the file. */
  static long bytesPerSecond(Path video) throws Exception {
    return Files.size(video) / SECONDS;
  }

  static List<String> ffmpegDecode(String ffmpeg, String url) {
    return List.of(ffmpeg, "-v", "error", "-i", url, "-f", "null", "-");
  }
}
