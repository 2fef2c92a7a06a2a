package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.out.ConnectionPermitsPort;
import dev.storerelay.application.port.out.ConnectionPermitsPort.Permit;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.UnitId;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Open, authenticated upstream connections kept for reuse, per connection plan (host, port, TLS, login, trust; an
 * OAuth 2.0 login counts by its identity, so a rotated refresh token keeps the connections, and a connection whose
 * access token has since expired stays logged in): two
 * messages with the same effective settings share connections, and a changed setting is a different plan, so
 * connections made with old settings are never reused and simply age out. An idle connection is checked with RSET
 * before reuse (Angus's {@code isConnected()}); a broken one is closed and replaced. Like Postfix's connection
 * cache, connections are kept only briefly and reused a bounded number of times.
 *
 * <p>A store with its own cap on connections has connections of its own ({@link Key#ownStore}), each opened with one
 * of its permits; closing the connection gives the permit back. Its idle connections with former settings are closed
 * as soon as their permits are wanted, rather than when they age out.
 */
final class UpstreamConnectionPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamConnectionPool.class);

    /**
     * Whose connections: every store of the plan's, or, for a store with its own cap, only that store's; and
     * whether they were opened for internationalized addresses ({@code SMTPUTF8}), which Angus Mail fixes for a
     * connection's lifetime.
     */
    record Key(ConnectionPlan plan, UnitId ownStore, boolean smtpUtf8) {
    }

    /** A connection, the permit it was opened with (if any), and how much it has been used. */
    static final class Connection {
        final SMTPTransport transport;
        final Permit permit;
        final long openedAtNanos;
        int messages;
        long idleSinceNanos;

        Connection(SMTPTransport transport, Permit permit, long now) {
            this.transport = transport;
            this.permit = permit;
            this.openedAtNanos = now;
        }
    }

    private static final long CHECK_AFTER_IDLE_NANOS = Duration.ofSeconds(1).toNanos();

    private final Map<Key, Deque<Connection>> idle = new ConcurrentHashMap<>();
    // Connections opened with a permit and not closed yet, idle or in use: their permits are renewed.
    private final Set<Connection> permitted = ConcurrentHashMap.newKeySet();
    private final ConnectionPermitsPort permits;
    private final int maxIdlePerPlan;
    private final long idleTimeoutNanos;
    private final long maxAgeNanos;
    private final int maxMessagesPerConnection;
    private final LongSupplier nanoTime;

    UpstreamConnectionPool(int maxIdlePerPlan, Duration idleTimeout, Duration maxAge, int maxMessagesPerConnection,
                           LongSupplier nanoTime, ConnectionPermitsPort permits) {
        this.permits = permits;
        this.maxIdlePerPlan = maxIdlePerPlan;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.maxAgeNanos = maxAge.toNanos();
        this.maxMessagesPerConnection = maxMessagesPerConnection;
        this.nanoTime = nanoTime;
    }

    /** A healthy idle connection for the key, or null when a new one must be opened. */
    Connection borrow(Key key) {
        Deque<Connection> connections = idle.get(key);
        if (connections == null) {
            return null;
        }
        while (true) {
            Connection connection;
            synchronized (connections) {
                connection = connections.pollLast();             // most recently used first: warmest, least likely closed
            }
            if (connection == null) {
                return null;
            }
            if (expired(connection, nanoTime.getAsLong())) {
                close(connection);
                continue;
            }
            // A connection used within the last second is taken as it is, saving a round trip per message under
            // load; one idle for longer is checked first: Angus's isConnected() sends RSET (mail.smtp.userset) and
            // closes the transport if that fails. (Retrying a failed send on a new connection is not done: after
            // the final dot a lost reply may hide an accepted message, and a retry would duplicate it.)
            if (now() - connection.idleSinceNanos < CHECK_AFTER_IDLE_NANOS || connection.transport.isConnected()) {
                return connection;
            }
            close(connection);
        }
    }

    /** Opened by the caller, with {@code permit} if its key has an own store ({@code null} otherwise). */
    Connection opened(SMTPTransport transport, Permit permit) {
        Connection connection = new Connection(transport, permit, nanoTime.getAsLong());
        if (permit != null) {
            permitted.add(connection);
        }
        return connection;
    }

    /** Returns a connection after a message; it is kept when it is still usable and the pool has room, else closed. */
    void release(Key key, Connection connection, boolean reusable) {
        connection.messages++;
        long now = nanoTime.getAsLong();
        connection.idleSinceNanos = now;
        if (!reusable || connection.messages >= maxMessagesPerConnection || now - connection.openedAtNanos >= maxAgeNanos) {
            close(connection);
            return;
        }
        Deque<Connection> connections = idle.computeIfAbsent(key, p -> new ArrayDeque<>());
        Connection surplus = null;
        synchronized (connections) {
            connections.addLast(connection);
            if (connections.size() > maxIdlePerPlan) {
                surplus = connections.pollFirst();
            }
        }
        if (surplus != null) {
            close(surplus);
        }
    }

    /** Closes connections idle longer than the idle timeout; called periodically. */
    void evictIdle() {
        long now = nanoTime.getAsLong();
        List<Connection> stale = new ArrayList<>();
        for (Deque<Connection> connections : idle.values()) {
            synchronized (connections) {
                for (Iterator<Connection> it = connections.iterator(); it.hasNext(); ) {
                    Connection connection = it.next();
                    if (expired(connection, now)) {
                        it.remove();
                        stale.add(connection);
                    }
                }
            }
        }
        stale.forEach(this::close);
        idle.values().removeIf(connections -> {
            synchronized (connections) {
                return connections.isEmpty();
            }
        });
    }

    /** Closes the store's own idle connections made with another plan (settings it no longer has); returns how many. */
    int closeIdleOfStoreExcept(UnitId store, ConnectionPlan current) {
        List<Connection> stale = new ArrayList<>();
        idle.forEach((key, connections) -> {
            if (store.equals(key.ownStore()) && !current.equals(key.plan())) {
                synchronized (connections) {
                    stale.addAll(connections);
                    connections.clear();
                }
            }
        });
        stale.forEach(this::close);
        return stale.size();
    }

    int idleConnections() {
        return idle.values().stream().mapToInt(connections -> {
            synchronized (connections) {
                return connections.size();
            }
        }).sum();
    }

    private long now() {
        return nanoTime.getAsLong();
    }

    private boolean expired(Connection connection, long now) {
        return now - connection.idleSinceNanos >= idleTimeoutNanos || now - connection.openedAtNanos >= maxAgeNanos;
    }

    @Override
    public void close() {
        for (Deque<Connection> connections : idle.values()) {
            List<Connection> all;
            synchronized (connections) {
                all = new ArrayList<>(connections);
                connections.clear();
            }
            all.forEach(this::close);
        }
        idle.clear();
    }

    /** Whether connections opened with a permit are open; their permits must then be renewed. */
    boolean holdsPermits() {
        return !permitted.isEmpty();
    }

    /** Closes the connection (QUIT) and gives its permit back. */
    void close(Connection connection) {
        try {
            connection.transport.close();                       // sends QUIT
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("closing an upstream connection failed: {}", e.getMessage());
        }
        if (connection.permit != null && permitted.remove(connection)) {
            giveBack(connection.permit);
        }
    }

    /** Gives back a permit whose connection is closed, or could not be opened. */
    void giveBack(Permit permit) {
        try {
            permits.release(permit);
        } catch (RuntimeException e) {
            LOG.warn("could not give back connection permit {} of store {}; it lapses on its own: {}",
                    permit.number(), permit.store(), e.getMessage());
        }
    }
}
