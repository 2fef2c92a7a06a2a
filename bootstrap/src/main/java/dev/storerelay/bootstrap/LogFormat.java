package dev.storerelay.bootstrap;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Optional;

/**
 * How the relay writes its log ({@code STORE_RELAY_LOG_FORMAT}): lines for people, or one JSON object a line for a
 * log collector. The logback configuration has an appender named after each value and refers to one of them by the
 * variable, which {@link #select()} sets as a system property: so the value read from the {@code STORE_RELAY_CONFIG}
 * file counts as much as one from the environment.
 */
enum LogFormat {
    /** The default: {@code <time> <level> [<thread>] <logger> - [q=<queue id>] <message>}. */
    TEXT,
    /** Logstash's JSON lines, with the MDC's {@code queueId}, {@code storeId}, {@code messageId} and {@code client}. */
    JSON;

    /** The variable, and the system property the logback configuration reads (it looks there before the environment). */
    static final String VARIABLE = "STORE_RELAY_LOG_FORMAT";

    /** The value as it is written in the variable, and as logback's appender is named. */
    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a value of the variable, in any case; empty when it names no format. */
    static Optional<LogFormat> parse(String value) {
        for (LogFormat format : values()) {
            if (format.value().equalsIgnoreCase(value.strip())) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /**
     * Makes this the format of every line from now on. Called before the first line is logged, logback reads its
     * configuration with the property set; if something logged earlier, logback configured itself then, with the
     * format of that moment, and reads its configuration again.
     */
    void select() {
        String previous = System.setProperty(VARIABLE, value());
        if (value().equals(previous)) {
            return;
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();          // configures logback if it was not yet
        if (factory instanceof LoggerContext context && !usedBy(context)) {
            reconfigure(context);
        }
    }

    /** Whether the root logger writes through this format's appender. */
    boolean usedBy(LoggerContext context) {
        return context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(value()) != null;
    }

    private static void reconfigure(LoggerContext context) {
        context.reset();
        try {
            new ContextInitializer(context).autoConfig();
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure logging: " + e.getMessage(), e);
        }
    }
}
