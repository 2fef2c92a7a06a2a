package dev.storerelay.adapter.persistence;

import org.jdbi.v3.core.HandleCallback;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A value read from the database and reused while the configuration's version stays the same (see
 * {@link ConfigurationVersion}). Every message needs the unit tree, the routing table, its store's settings and the
 * limits; reading them for each message cost more than the message's own commit. Changes made through this process
 * invalidate the snapshot at once; changes made by another relay process move the version, and are seen within
 * about one poll interval. A value is read again after {@code maxAge} whatever the version says, so that a change
 * written into the database directly, not through the relay, is seen too. A zero {@code maxAge} reads every time.
 * Within a transaction of {@link Database#inOneTransaction} it reads every time and keeps nothing: what that
 * transaction reads may yet be rolled back.
 */
final class RecentSnapshot<T> {
    private record Entry<T>(T value, long loadedAtNanos, long generation, long version) {
    }

    private final LongSupplier version;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final BooleanSupplier inLargerTransaction;
    private final AtomicLong generation = new AtomicLong();
    private volatile Entry<T> entry;

    RecentSnapshot(LongSupplier version, Duration maxAge, LongSupplier nanoTime, BooleanSupplier inLargerTransaction) {
        this.version = version;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
        this.inLargerTransaction = inLargerTransaction;
    }

    T get(Supplier<T> load) {
        if (maxAgeNanos <= 0 || inLargerTransaction.getAsBoolean()) {
            return load.get();
        }
        Entry<T> current = entry;
        long now = nanoTime.getAsLong();
        // Both taken before the load: a change during it makes the entry stale at once.
        long loadingGeneration = generation.get();
        long loadingVersion = version.getAsLong();
        if (current != null && now - current.loadedAtNanos() < maxAgeNanos && current.generation() == loadingGeneration
                && current.version() == loadingVersion) {
            return current.value();
        }
        T value = load.get();
        entry = new Entry<>(value, now, loadingGeneration, loadingVersion);
        return value;
    }

    /** Reused while {@code database}'s configuration version stays the same, for {@code maxAge} at most. */
    static <T> RecentSnapshot<T> of(Database database, Duration maxAge) {
        return new RecentSnapshot<>(() -> database.configurationVersion().current(), maxAge, System::nanoTime,
                () -> database.boundConnection() != null);
    }

    /**
     * Writes a change of what this snapshot holds, in one transaction with the increment of the configuration
     * version, so other processes learn of it exactly when it commits. The snapshot is invalidated before and after
     * the write: a read during the write may have cached the old value.
     */
    <R> R change(Database database, String what, HandleCallback<R, SQLException> write) {
        invalidate();
        try {
            return Jdbc.inHandleTransaction(database, what, handle -> {
                R result = write.withHandle(handle);
                ConfigurationVersion.increment(handle.getConnection());
                return result;
            });
        } finally {
            invalidate();
            // A read by another thread before a larger transaction commits or rolls back keeps what was there before.
            database.afterTransaction(this::invalidate);
        }
    }

    void invalidate() {
        generation.incrementAndGet();
    }
}
