package dev.storerelay.adapter.relay.inbound;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.storerelay.adapter.relay.inbound.RefusedConnectionsLog.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RefusedConnectionsLogTest {
    private static final Duration INTERVAL = Duration.ofMinutes(1);

    private final Logger logger = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("refusals-under-test");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private long now;
    private RefusedConnectionsLog refusals;

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        refusals = new RefusedConnectionsLog(logger, INTERVAL, (task, delay) -> {
            scheduled.add(task);
            delays.add(delay);
        }, () -> now);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void aFloodIsOneWarningWhenItStartsThenOneSummaryPerInterval() {
        flood(1_300, 130);
        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage()).startsWith("Refusing SMTP connections: all connections are taken")
                    .contains("the first from 127.0.1.0");
        });
        assertThat(delays).containsExactly(INTERVAL);

        now += INTERVAL.toNanos();
        runScheduled();
        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(1).getLevel()).isEqualTo(Level.WARN);
        assertThat(lines.list.get(1).getFormattedMessage()).isEqualTo("Refused 1300 SMTP connection(s) in the last 60 s"
                + " (1300 because all connections are taken) from 130 client address(es); busiest: 127.0.1.0 (10),"
                + " 127.0.1.1 (10), 127.0.1.10 (10), 127.0.1.100 (10), 127.0.1.101 (10)");
        assertThat(scheduled).as("the next summary").hasSize(1);
    }

    @Test
    void theBusiestClientsComeFirstWithEveryReasonCounted() {
        for (int i = 0; i < 30; i++) {
            refusals.refused("127.0.0.2", Reason.RESERVED_ONLY);
        }
        for (int i = 0; i < 5; i++) {
            refusals.refused("10.0.0.9", Reason.CLIENT_LIMIT);
        }
        refusals.refused("127.0.0.3", Reason.RESERVED_ONLY);
        runScheduled();
        assertThat(lines.list.get(1).getFormattedMessage()).isEqualTo("Refused 36 SMTP connection(s) in the last 1 s"
                + " (31 because only the reserved connections are left, 5 because the client has as many connections"
                + " open as one address may) from 3 client address(es); busiest: 127.0.0.2 (30), 10.0.0.9 (5),"
                + " 127.0.0.3 (1)");
    }

    @Test
    void aQuietIntervalEndsTheFloodAndTheNextRefusalWarnsAgain() {
        flood(10, 2);
        runScheduled();
        runScheduled();
        assertThat(lines.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.WARN, Level.INFO);
        assertThat(lines.list.get(2).getFormattedMessage()).isEqualTo("No SMTP connections refused for 60 s");
        assertThat(scheduled).isEmpty();

        refusals.refused("127.0.0.2", Reason.ALL_TAKEN);
        assertThat(lines.list).hasSize(4);
        assertThat(lines.list.get(3).getFormattedMessage()).startsWith("Refusing SMTP connections");
        assertThat(scheduled).hasSize(1);
    }

    @Test
    void manyClientAddressesAreCountedUpToABoundAndTheRestTogether() {
        flood(2_500, 2_500);
        runScheduled();
        assertThat(lines.list.get(1).getFormattedMessage())
                .contains("from 1000 client address(es) and 1500 from further ones");
    }

    @Test
    void flushReportsWhatWasRefusedSinceTheLastSummary() {
        refusals.flush();
        assertThat(lines.list).isEmpty();
        flood(3, 1);
        now += Duration.ofSeconds(12).toNanos();
        refusals.flush();
        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(1).getFormattedMessage()).startsWith("Refused 3 SMTP connection(s) in the last 12 s");
    }

    private void flood(int connections, int clients) {
        for (int i = 0; i < connections; i++) {
            int client = i % clients;
            refusals.refused("127.0." + (1 + client / 256) + "." + (client % 256), Reason.ALL_TAKEN);
        }
    }

    private void runScheduled() {
        List<Runnable> due = new ArrayList<>(scheduled);
        scheduled.clear();
        due.forEach(Runnable::run);
    }
}
