package dev.storerelay.adapter.persistence;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A value read from the database and reused for a short time. Every message needs the unit tree and the routing
 * table; reading them once per message cost more than the message's own commit. Changes made through this
 * process invalidate the snapshot at once; changes made by another relay process on the same database are seen
 * within {@code ttl}. A zero {@code ttl} reads every time.
 */
final class RecentSnapshot<T> {
    private record Entry<T>(T value, long loadedAtNanos, long generation) {
    }

    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong generation = new AtomicLong();
    private volatile Entry<T> entry;

    RecentSnapshot(Duration ttl, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    T get(Supplier<T> load) {
        Entry<T> current = entry;
        long now = nanoTime.getAsLong();
        if (current != null && now - current.loadedAtNanos() < ttlNanos && current.generation() == generation.get()) {
            return current.value();
        }
        long loadingGeneration = generation.get();       // a change during the load makes this entry stale at once
        T value = load.get();
        entry = new Entry<>(value, now, loadingGeneration);
        return value;
    }

    void invalidate() {
        generation.incrementAndGet();
    }
}
