package dev.storerelay.adapter.persistence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The version of the configuration every message needs: units, their SMTP settings, routing rules and limits. Every
 * change made through the relay increments it ({@link #increment}), and a watch thread reads it once per poll
 * interval, so a {@link RecentSnapshot} of that configuration stays valid until the version moves, and a message
 * never waits for a read of it. Reading the configuration itself once a second instead put three queries on the
 * listener's path and three on the delivery's in front of every message that arrived after a second of quiet, which
 * is how a legacy system usually sends. Another relay process's change is seen within about one poll interval.
 */
final class ConfigurationVersion {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationVersion.class);

    private record Read(long version, long atNanos) {
    }

    private final Connections connections;
    private final long pollNanos;
    private final LongSupplier nanoTime;
    private final AtomicReference<Read> last = new AtomicReference<>();
    private Thread watch;
    private volatile boolean watching;
    private boolean failing;

    /** Where the version is read: the relay's pool. */
    @FunctionalInterface
    interface Connections {
        Connection open() throws SQLException;
    }

    ConfigurationVersion(Connections connections, Duration pollInterval, LongSupplier nanoTime) {
        this.connections = connections;
        this.pollNanos = pollInterval.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * The version as read at most about one poll interval ago. Should the watch be behind (not started, or the
     * database slow), the caller reads it itself.
     */
    long current() {
        Read seen = last.get();
        if (seen != null && nanoTime.getAsLong() - seen.atNanos() < 2 * pollNanos) {
            return seen.version();
        }
        return read();
    }

    /** Increments the version; after (or in the same transaction as) a change of the configuration, never before. */
    static void increment(Connection connection) throws SQLException {
        // An upsert: should the row have gone (a table emptied by hand), the version still moves.
        try (PreparedStatement update = connection.prepareStatement("INSERT INTO configuration_version (id, version) "
                + "VALUES (1, 1) ON DUPLICATE KEY UPDATE version = version + 1")) {
            update.executeUpdate();
        }
    }

    private long read() {
        // Taken before the query: a change committed while it runs counts as seen no earlier than this.
        long at = nanoTime.getAsLong();
        try (Connection connection = connections.open();
             PreparedStatement select = connection.prepareStatement("SELECT version FROM configuration_version WHERE id = 1");
             ResultSet row = select.executeQuery()) {
            long version = row.next() ? row.getLong(1) : 0;
            Read fresh = new Read(version, at);
            // Two reads may overlap (the watch and a caller): the one begun later knows better.
            last.accumulateAndGet(fresh, (old, read) -> old == null || read.atNanos() - old.atNanos() >= 0 ? read : old);
            return version;
        } catch (SQLException e) {
            throw new Jdbc.PersistenceException("database error while trying to read the configuration version", e);
        }
    }

    synchronized void start() {
        if (watch != null) {
            return;
        }
        watching = true;
        watch = new Thread(this::watch, "configuration-watch");
        // Daemon: it holds nothing; stopping the database stops it first anyway.
        watch.setDaemon(true);
        watch.start();
    }

    synchronized void stop() {
        watching = false;
        if (watch == null) {
            return;
        }
        watch.interrupt();
        try {
            watch.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watch = null;
    }

    private void watch() {
        while (watching) {
            try {
                read();
                if (failing) {
                    failing = false;
                    LOG.info("the configuration version can be read again");
                }
            } catch (RuntimeException e) {
                // Messages read it themselves meanwhile (and fail as their commit would); said once, not every second.
                if (!failing) {
                    failing = true;
                    LOG.warn("cannot read the configuration version: {}", e.toString());
                }
            }
            LockSupport.parkNanos(this, pollNanos);
        }
    }
}
