package dev.reel.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Logback's configuration for Reel, in code: WARN and above to stderr through {@link StderrAppender}, as
 * {@code HH:mm:ss.SSS LEVEL [thread] logger - message} ({@code --verbose} lowers the root to DEBUG). Found by logback
 * through {@code META-INF/services}; it replaces parsing an XML file at start-up, which cost a fresh JVM about as much
 * CPU as the rest of the CLI's start. Steps aside (logback then reads its files as usual) when
 * {@code -Dlogback.configurationFile} is set or a {@code logback-test.xml} is on the class path.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
  static final Level ROOT_LEVEL = Level.WARN;

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LineLayout layout = new LineLayout();
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    StderrAppender appender = new StderrAppender();
    appender.setContext(context);
    appender.setName("STDERR");
    appender.setEncoder(encoder);
    appender.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(ROOT_LEVEL);
    root.addAppender(appender);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** {@code %d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n} and the stack trace, without a pattern parser. */
  static final class LineLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private final TargetLengthBasedClassNameAbbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(30);

    @Override
    public String doLayout(ILoggingEvent e) {
      StringBuilder b = new StringBuilder(128);
      b.append(TIME.format(Instant.ofEpochMilli(e.getTimeStamp()))).append(' ');
      String level = e.getLevel().toString();
      b.append(level);
      for (int i = level.length(); i < 5; i++) {
        b.append(' ');
      }
      b.append(" [").append(e.getThreadName()).append("] ").append(abbreviator.abbreviate(e.getLoggerName()))
          .append(" - ").append(e.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
      IThrowableProxy t = e.getThrowableProxy();
      if (t != null) {
        b.append(ThrowableProxyUtil.asString(t)).append(CoreConstants.LINE_SEPARATOR);
      }
      return b.toString();
    }
  }
}
