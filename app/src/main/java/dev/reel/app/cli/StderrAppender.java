package dev.reel.app.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;

/**
 * Logback appender for the CLI: writes each record to stderr through {@link ConsoleLine}, so a log line never lands in
 * the middle of the progress bar. Configured by {@link LogSetup} (WARN by default; {@code --verbose} = DEBUG).
 */
public final class StderrAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  private Encoder<ILoggingEvent> encoder;

  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError("no encoder for appender " + getName());
      return;
    }
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    ConsoleLine.printAbove(new String(encoder.encode(event), StandardCharsets.UTF_8));
  }
}
