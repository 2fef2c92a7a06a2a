package dev.storerelay.adapter.oauth2;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Every log line of the relay and its libraries while a test runs, message and stack trace, to check that none shows
 * a secret. The authorization server's own lines are left out: they are the provider's, not the relay's.
 */
final class CapturedLogs implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    CapturedLogs() {
        appender.start();
        root.addAppender(appender);
    }

    List<String> lines() {
        synchronized (appender) {
            return appender.list.stream()
                    .filter(event -> !event.getLoggerName().startsWith("no.nav.security"))
                    .map(event -> event.getLoggerName() + " " + event.getFormattedMessage()
                            + (event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy())))
                    .toList();
        }
    }

    /** The lines of one logger at WARN: each failed token request writes one. */
    long warnings(Class<?> logger) {
        synchronized (appender) {
            return appender.list.stream()
                    .filter(event -> event.getLoggerName().equals(logger.getName()) && event.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .count();
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
    }
}
