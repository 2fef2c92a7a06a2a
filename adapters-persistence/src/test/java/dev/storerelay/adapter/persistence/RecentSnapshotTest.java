package dev.storerelay.adapter.persistence;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RecentSnapshotTest {
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong version = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();

    private Integer read() {
        return reads.incrementAndGet();
    }

    private RecentSnapshot<Integer> snapshot(Duration maxAge) {
        return new RecentSnapshot<>(version::get, maxAge, nanos::get, () -> false);
    }

    @Test
    void aValueIsReusedWhileTheVersionStaysTheSameHoweverLongTheQuietLasts() {
        RecentSnapshot<Integer> snapshot = snapshot(Duration.ofMinutes(1));

        assertThat(snapshot.get(this::read)).isEqualTo(1);
        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(snapshot.get(this::read)).isEqualTo(1);
        assertThat(reads).hasValue(1);
    }

    @Test
    void aNewVersionReadsAgain() {
        RecentSnapshot<Integer> snapshot = snapshot(Duration.ofMinutes(1));
        snapshot.get(this::read);

        version.incrementAndGet();                       // another process changed the configuration

        assertThat(snapshot.get(this::read)).isEqualTo(2);
        assertThat(snapshot.get(this::read)).isEqualTo(2);
    }

    @Test
    void aValueIsReadAgainAfterItsMaximumAgeEvenWithoutANewVersion() {
        RecentSnapshot<Integer> snapshot = snapshot(Duration.ofMinutes(1));
        snapshot.get(this::read);

        nanos.addAndGet(Duration.ofMinutes(1).toNanos());

        assertThat(snapshot.get(this::read)).as("a change written into the database directly").isEqualTo(2);
    }

    @Test
    void invalidatingReadsAgainAtOnce() {
        RecentSnapshot<Integer> snapshot = snapshot(Duration.ofMinutes(1));
        snapshot.get(this::read);

        snapshot.invalidate();

        assertThat(snapshot.get(this::read)).isEqualTo(2);
    }

    @Test
    void aReadOverlappingAnInvalidationIsNotReused() {
        RecentSnapshot<Integer> snapshot = snapshot(Duration.ofMinutes(1));

        snapshot.get(() -> {
            snapshot.invalidate();                       // a change commits while the old value is being read
            return read();
        });

        assertThat(snapshot.get(this::read)).as("read again, not the value from before the change").isEqualTo(2);
    }

    @Test
    void aReadOverlappingANewVersionIsNotReused() {
        RecentSnapshot<Integer> snapshot = snapshot(Duration.ofMinutes(1));

        snapshot.get(() -> {
            version.incrementAndGet();                   // another process's change is seen while the old value is read
            return read();
        });

        assertThat(snapshot.get(this::read)).isEqualTo(2);
    }

    @Test
    void aZeroMaximumAgeReadsEveryTimeWithoutAskingForTheVersion() {
        RecentSnapshot<Integer> snapshot = new RecentSnapshot<>(() -> {
            throw new AssertionError("the version is not needed");
        }, Duration.ZERO, nanos::get, () -> false);

        snapshot.get(this::read);
        snapshot.get(this::read);

        assertThat(reads).hasValue(2);
    }
}
