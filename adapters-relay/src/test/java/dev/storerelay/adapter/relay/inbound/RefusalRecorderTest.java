package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.testing.LogCapture;
import dev.storerelay.domain.model.RefusedSubmission;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.smtp.DefaultSmtpResponse;
import io.netty.handler.codec.smtp.SmtpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The recorder's queue, its writer, and what it does when the database is slow or away. */
class RefusalRecorderTest {
    private static final SmtpResponse UNKNOWN_STORE = new DefaultSmtpResponse(550, "5.1.0 unknown store 'nowhere'");
    private static final Duration PAUSE = Duration.ofMillis(50);

    private final RecordingRefusals database = new RecordingRefusals();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicLong nanos = new AtomicLong();
    private RefusalRecorder recorder;

    @AfterEach
    void stop() {
        database.answerAgain();
        recorder.stop();
    }

    @Test
    void refusalsAreWrittenInBatchesOnTheWritersThread() {
        recorder = recorder(100, 10, Duration.ofSeconds(10));
        database.hang();
        recorder.start();
        for (int i = 0; i < 25; i++) {
            refuse(i);
        }
        database.answerAgain();

        await().atMost(Duration.ofSeconds(5)).until(() -> database.recorded().size() == 25);
        assertThat(database.recorded()).extracting(RefusedSubmission::mailFrom).startsWith("0@x.example", "1@x.example");
        assertThat(database.threads()).containsOnly("smtp-refusals").hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void aFullQueueDropsCountsAndWarnsAtMostOnceAMinute() {
        recorder = recorder(5, 5, Duration.ofSeconds(10));
        database.hang();
        recorder.start();
        try (LogCapture log = new LogCapture()) {
            refuse(0);
            await().atMost(Duration.ofSeconds(5)).until(() -> database.threads().size() == 1);   // the writer holds one
            for (int i = 1; i <= 8; i++) {
                refuse(i);
            }
            nanos.addAndGet(Duration.ofSeconds(59).toNanos());
            refuse(9);
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            refuse(10);

            assertThat(dropped("queue_full")).isEqualTo(5);
            assertThat(warnings(log)).satisfiesExactly(
                    first -> assertThat(first).contains("1 refused submission(s) not recorded", "queue of 5 was full"),
                    minuteLater -> assertThat(minuteLater).contains("4 refused submission(s) not recorded"));
        }
        database.answerAgain();
        await().atMost(Duration.ofSeconds(5)).until(() -> database.recorded().size() == 6);
    }

    @Test
    void aBatchTheDatabaseRefusesIsTriedAgainUntilItIsBack() {
        recorder = recorder(100, 10, Duration.ofSeconds(10));
        database.failWith(new IllegalStateException("database restarting"));
        recorder.start();
        refuse(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> database.threads().size() >= 3);

        database.failWith(null);
        await().atMost(Duration.ofSeconds(5)).until(() -> database.recorded().size() == 1);
        assertThat(dropped("write_failed")).isZero();
    }

    @Test
    void aBatchTheDatabaseKeepsRefusingIsDroppedInTheEnd() {
        recorder = recorder(100, 10, Duration.ofMillis(300));
        database.failWith(new IllegalStateException("database is away"));
        recorder.start();
        try (LogCapture log = new LogCapture()) {
            nanos.set(System.nanoTime());
            refuse(0);
            refuse(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                nanos.addAndGet(Duration.ofSeconds(1).toNanos());               // each batch has its own minute
                return dropped("write_failed") == 2;
            });
            assertThat(warnings(log)).singleElement().asString().contains("could not be written", "database is away");
        }
        database.failWith(null);
        refuse(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> database.recorded().size() == 1);
    }

    @Test
    void stoppingWritesWhatIsQueued() {
        recorder = recorder(100, 10, Duration.ofSeconds(10));
        recorder.start();
        database.hang();
        refuse(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> database.threads().size() == 1);
        refuse(1);
        refuse(2);
        database.answerAgain();
        recorder.stop();

        assertThat(database.recorded()).hasSize(3);
    }

    @Test
    void allCountersAreThereAtZeroFromTheStart() {
        recorder = recorder(1, 1, Duration.ZERO);
        for (String reason : List.of("queue_full", "write_failed", "connection_limit")) {
            assertThat(dropped(reason)).as(reason).isZero();
        }
    }

    private RefusalRecorder recorder(int capacity, int maxBatch, Duration giveUpAfter) {
        return new RefusalRecorder(database, Clock.systemUTC(), new ListenerMetrics(meters), capacity, maxBatch, PAUSE,
                giveUpAfter, nanos::get);
    }

    private void refuse(int i) {
        recorder.refused("192.0.2.7", "erp.example", i + "@x.example", List.of("ann@shop.example"), UNKNOWN_STORE);
    }

    private double dropped(String reason) {
        return meters.get(ListenerMetrics.REFUSALS_DROPPED).tag("reason", reason).counter().count();
    }

    private static List<String> warnings(LogCapture log) {
        return log.lines().stream().filter(line -> line.startsWith(RefusalRecorder.class.getName())
                && line.contains("not recorded")).toList();
    }
}
