package dev.storerelay.bootstrap;

import dev.storerelay.application.port.in.PurgeOldMessagesUseCase;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class HousekeepingTest {

    @Test
    void aFailedRunIsLoggedAndTheNextRunTriesAgain() {
        AtomicInteger purges = new AtomicInteger();
        AtomicInteger refusalPurges = new AtomicInteger();
        AtomicInteger checks = new AtomicInteger();
        Housekeeping housekeeping = new Housekeeping(new PurgeOldMessagesUseCase() {
            @Override
            public int purgeOldMessages() {
                if (purges.incrementAndGet() == 1) {
                    throw new IllegalStateException("database is away");
                }
                return 3;
            }

            @Override
            public int purgeOldRefusals() {
                return refusalPurges.incrementAndGet();
            }
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
        assertThat(refusalPurges).as("also when the messages' purge failed").hasValue(2);
        assertThat(checks).hasValue(2);
    }
}
