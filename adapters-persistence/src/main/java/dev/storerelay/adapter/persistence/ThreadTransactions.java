package dev.storerelay.adapter.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The transactions of {@link Database#inOneTransaction}: one connection per thread in a transaction that every
 * statement of the thread joins until it ends, plain JDBC and Jdbi alike, and what is to run once it has.
 */
final class ThreadTransactions {
    /** Where a transaction's connection comes from. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    /** A connection in a transaction of its own thread, and what is to run once that transaction has ended. */
    private record Bound(Connection connection, List<Runnable> afterEnd) {
    }

    private final ConnectionSource connections;
    private final ThreadLocal<Bound> bound = new ThreadLocal<>();

    ThreadTransactions(ConnectionSource connections) {
        this.connections = connections;
    }

    /** Runs {@code work} in this thread's transaction: committed when it returns, rolled back when it throws. */
    <T> T inOne(Supplier<T> work) {
        if (bound.get() != null) {
            throw new IllegalStateException("already in a transaction");
        }
        Bound transaction;
        try {
            Connection connection = connections.open();
            try {
                // Autocommit off, not START TRANSACTION: Jdbi tells a transaction by it, and joins this one.
                connection.setAutoCommit(false);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            transaction = new Bound(connection, new ArrayList<>());
        } catch (SQLException e) {
            throw new Jdbc.PersistenceException("database error while trying to begin a transaction", e);
        }
        bound.set(transaction);
        try (Connection connection = transaction.connection()) {
            T result;
            try {
                result = work.get();
            } catch (RuntimeException | Error e) {
                rollBack(connection, e);
                throw e;
            }
            try {
                connection.commit();
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                rollBack(connection, e);
                throw new Jdbc.PersistenceException("database error while trying to commit a transaction", e);
            }
            return result;
        } catch (SQLException e) {
            throw new Jdbc.PersistenceException("database error while trying to end a transaction", e);
        } finally {
            bound.remove();
            transaction.afterEnd().forEach(Runnable::run);
        }
    }

    /** This thread's transaction's connection, or {@code null}. */
    Connection connection() {
        Bound transaction = bound.get();
        return transaction == null ? null : transaction.connection();
    }

    /** Runs {@code action} when this thread's transaction ends, or at once without one. */
    void afterEnd(Runnable action) {
        Bound transaction = bound.get();
        if (transaction == null) {
            action.run();
        } else {
            transaction.afterEnd().add(action);
        }
    }

    /** Rolls back and gives the connection its autocommit again, as the pool lent it. */
    private static void rollBack(Connection connection, Throwable cause) {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
