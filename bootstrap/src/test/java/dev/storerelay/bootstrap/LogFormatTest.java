package dev.storerelay.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The relay's logback configuration ({@code logback.xml}) writes the format {@code STORE_RELAY_LOG_FORMAT} names. */
class LogFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDefaultIsTextWithTheQueueIdWhenALineConcernsAMessage() {
        Encoder<ILoggingEvent> encoder = rootEncoder(null);

        String aboutAMessage = encode(encoder, event("Queued message 17", Map.of("queueId", "17", "storeId", "store-1")));
        String aboutNone = encode(encoder, event("SMTP relay listener stopped", Map.of()));

        assertThat(aboutAMessage).contains(" INFO  [delivery-0] ").endsWith("LogFormatTest - [q=17] Queued message 17"
                + System.lineSeparator());
        assertThat(aboutNone).contains(" - SMTP relay listener stopped").doesNotContain("q=");
        assertThat(aboutNone).endsWith(System.lineSeparator());
    }

    @Test
    void jsonWritesOneObjectALineWithTheMessagesFields() throws Exception {
        Encoder<ILoggingEvent> encoder = rootEncoder("json");
        LoggingEvent event = event("Queued message 17", Map.of("queueId", "17", "storeId", "store-1",
                "messageId", "<a1@erp.local>", "client", "127.0.0.1"));
        event.setThrowableProxy(new ch.qos.logback.classic.spi.ThrowableProxy(new IllegalStateException("boom")));

        String line = encode(encoder, event);

        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = JSON.readTree(line);
        assertThat(json.get("message").asText()).isEqualTo("Queued message 17");
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("logger_name").asText()).isEqualTo(LogFormatTest.class.getName());
        assertThat(json.get("thread_name").asText()).isEqualTo("delivery-0");
        assertThat(json.get("@timestamp").asText()).isNotBlank();
        assertThat(json.get("stack_trace").asText()).contains("IllegalStateException: boom");
        assertThat(json.get("queueId").asText()).isEqualTo("17");
        assertThat(json.get("storeId").asText()).isEqualTo("store-1");
        assertThat(json.get("messageId").asText()).isEqualTo("<a1@erp.local>");
        assertThat(json.get("client").asText()).isEqualTo("127.0.0.1");
    }

    /**
     * The value may come from the {@code STORE_RELAY_CONFIG} file, read after something may have logged already:
     * selecting the format then configures logback again (here the tests' configuration, which has the same appenders).
     */
    @Test
    void selectingAFormatAfterLogbackStartedConfiguresItAgain() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(LogFormat.TEXT.usedBy(context)).isTrue();
        try {
            LogFormat.JSON.select();

            assertThat(LogFormat.JSON.usedBy(context)).isTrue();
            assertThat(LogFormat.TEXT.usedBy(context)).isFalse();
        } finally {
            LogFormat.TEXT.select();
        }
        assertThat(LogFormat.TEXT.usedBy(context)).isTrue();
        assertThat(context.getLogger("dev.storerelay").getLevel()).as("the whole configuration is read again").isEqualTo(Level.DEBUG);
    }

    /** The encoder of the root logger's appender after reading logback.xml with the variable set to {@code format}. */
    private static Encoder<ILoggingEvent> rootEncoder(String format) {
        LoggerContext context = new LoggerContext();
        if (format != null) {
            context.putProperty(LogFormat.VARIABLE, format);          // looked up before system properties and the environment
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
        } catch (JoranException e) {
            throw new AssertionError(e);
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var appenders = root.iteratorForAppenders();
        assertThat(appenders.hasNext()).as("an appender for " + format).isTrue();
        var appender = (OutputStreamAppender<ILoggingEvent>) appenders.next();
        assertThat(appenders.hasNext()).as("one appender only").isFalse();
        assertThat(appender.getName()).isEqualTo(format == null ? "text" : format);
        return appender.getEncoder();
    }

    private static LoggingEvent event(String message, Map<String, String> mdc) {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent();
        event.setLoggerContext(context);
        event.setLoggerName(LogFormatTest.class.getName());
        event.setLevel(Level.INFO);
        event.setMessage(message);
        event.setThreadName("delivery-0");
        event.setTimeStamp(System.currentTimeMillis());
        event.setMDCPropertyMap(mdc);
        return event;
    }

    private static String encode(Encoder<ILoggingEvent> encoder, ILoggingEvent event) {
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }
}
