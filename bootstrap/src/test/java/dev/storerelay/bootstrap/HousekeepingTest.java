package dev.storerelay.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class HousekeepingTest {

    @Test
    void aFailedRunIsLoggedAndTheNextRunTriesAgain() {
        AtomicInteger purges = new AtomicInteger();
        AtomicInteger checks = new AtomicInteger();
        Housekeeping housekeeping = new Housekeeping(() -> {
            if (purges.incrementAndGet() == 1) {
                throw new IllegalStateException("database is away");
            }
            return 3;
        }, () -> {
            if (checks.incrementAndGet() == 1) {
                throw new IllegalStateException("database is away");
            }
            return 1;
        });

        // A scheduled task that throws would never run again.
        assertThatCode(housekeeping::purgeOnce).doesNotThrowAnyException();
        assertThatCode(housekeeping::checkHeldMailOnce).doesNotThrowAnyException();
        housekeeping.purgeOnce();
        housekeeping.checkHeldMailOnce();

        assertThat(purges).hasValue(2);
        assertThat(checks).hasValue(2);
    }
}
