package dev.reel.app.web;

import dev.reel.app.server.HttpServer;
import dev.reel.app.stream.StreamRegistry;
import java.time.Duration;
import java.util.Objects;

/** Installs the web UI's helper routes ({@code /vendor/*}, {@code /subtitles/*}) on an {@link HttpServer}. */
public final class WebRoutes {
  /** How long a subtitle request waits for the file's bytes to be downloaded and verified. */
  public static final Duration SUBTITLE_WAIT = Duration.ofSeconds(20);

  private WebRoutes() {}

  /** Adds the routes; call before {@link HttpServer#start()}. */
  public static void install(HttpServer server, StreamRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    server.addRoute(VendorFiles.PATH_SPEC, new VendorFiles());
    server.addRoute(SubtitleHandler.PATH_SPEC, new SubtitleHandler(registry, SUBTITLE_WAIT));
  }
}
