package dev.reel.bench;

import dev.reel.engine.testkit.WebSeedServer;
import java.nio.file.Path;

/**
 * Serves a folder over HTTP on 127.0.0.1 (ephemeral port) with Range support, for {@code bench/discovery.sh}: the
 * engine test kit's {@link WebSeedServer}, so that {@code curl} and Reel's web seed client fetch the same file from
 * the same server. Prints {@code URL <base url>} once listening, then serves until killed or for at most
 * {@code SECONDS} (default 1800); on exit (also SIGTERM) prints each request ({@code REQUEST method path range
 * status}).
 *
 * <p>Usage: {@code WebSeedServe FOLDER [SECONDS]}.
 */
public final class WebSeedServe {
  private WebSeedServe() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: WebSeedServe FOLDER [SECONDS]");
      System.exit(2);
    }
    try (WebSeedServer server = WebSeedServer.start(Path.of(args[0]), "/")) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> server.log().forEach(r -> System.out.println(
          "REQUEST " + r.method() + " " + r.path() + " " + r.range() + " " + r.status()))));
      System.out.println("URL " + server.baseUrl());
      System.out.flush();
      Thread.sleep(1000L * (args.length == 2 ? Long.parseLong(args[1]) : 1800));
    }
  }
}
