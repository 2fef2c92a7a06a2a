package dev.storerelay.application.port.out;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueStatisticsTest {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");

    @Test
    void theOldestQueuedMessagesAgeGrowsWithTheClockAndIsZeroWhenNothingIsQueued() {
        QueueStatistics statistics = new QueueStatistics(3, 1, T0);

        assertThat(statistics.oldestQueuedAge(T0.plusSeconds(90))).isEqualTo(Duration.ofSeconds(90));
        assertThat(statistics.oldestQueuedAge(T0.minusSeconds(1))).as("another process's clock ahead").isZero();
        assertThat(new QueueStatistics(0, 5, null).oldestQueuedAge(T0)).isZero();
        assertThat(QueueStatistics.EMPTY.oldestQueued()).isEmpty();
    }

    @Test
    void theOldestQueuedMessageIsKnownExactlyWhenSomeAreQueued() {
        assertThatThrownBy(() -> new QueueStatistics(0, 0, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QueueStatistics(1, 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QueueStatistics(-1, 0, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
