package dev.storerelay.adapter.persistence;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RecentSnapshotTest {
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();

    private Integer read() {
        return reads.incrementAndGet();
    }

    @Test
    void aValueIsReusedWithinItsLifetimeAndReadAgainAfterIt() {
        RecentSnapshot<Integer> snapshot = new RecentSnapshot<>(Duration.ofSeconds(1), nanos::get);

        assertThat(snapshot.get(this::read)).isEqualTo(1);
        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(snapshot.get(this::read)).isEqualTo(1);
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(snapshot.get(this::read)).isEqualTo(2);
    }

    @Test
    void invalidatingReadsAgainAtOnce() {
        RecentSnapshot<Integer> snapshot = new RecentSnapshot<>(Duration.ofMinutes(1), nanos::get);
        snapshot.get(this::read);

        snapshot.invalidate();

        assertThat(snapshot.get(this::read)).isEqualTo(2);
    }

    @Test
    void aReadOverlappingAnInvalidationIsNotReused() {
        RecentSnapshot<Integer> snapshot = new RecentSnapshot<>(Duration.ofMinutes(1), nanos::get);

        snapshot.get(() -> {
            snapshot.invalidate();                       // a change commits while the old value is being read
            return read();
        });

        assertThat(snapshot.get(this::read)).as("read again, not the value from before the change").isEqualTo(2);
    }

    @Test
    void aZeroLifetimeReadsEveryTime() {
        RecentSnapshot<Integer> snapshot = new RecentSnapshot<>(Duration.ZERO, nanos::get);

        snapshot.get(this::read);
        snapshot.get(this::read);

        assertThat(reads.get()).isEqualTo(2);
    }
}
