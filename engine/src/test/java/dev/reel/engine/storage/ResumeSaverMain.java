package dev.reel.engine.storage;

import java.nio.file.Path;

/**
 * Child process for {@link ResumeFileTest}'s kill test: saves two states in turn, forever, to the file named by the
 * first argument, printing a line every 20 saves. The test kills it with SIGKILL at some point.
 */
public final class ResumeSaverMain {
  private ResumeSaverMain() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    ResumeState[] states = {ResumeFileTest.stateA(), ResumeFileTest.stateB()};
    for (long n = 1; ; n++) {
      ResumeFile.save(file, states[(int) (n & 1)]);
      if (n % 20 == 0) {
        System.out.println("saved " + n);
        System.out.flush();
      }
    }
  }
}
