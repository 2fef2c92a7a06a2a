package dev.storerelay.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class RetentionScheduleTest {

    @Test
    void aFailedPurgeIsLoggedAndTheNextRunTriesAgain() {
        AtomicInteger runs = new AtomicInteger();
        RetentionSchedule schedule = new RetentionSchedule(() -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("database is away");
            }
            return 3;
        });

        assertThatCode(schedule::purgeOnce).as("a scheduled task that throws would never run again").doesNotThrowAnyException();
        schedule.purgeOnce();

        assertThat(runs).hasValue(2);
    }
}
