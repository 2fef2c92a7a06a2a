package dev.storerelay.adapter.persistence;

import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.function.Predicate;

/** Connections and transactions shared by the adapters: the pool or this thread's transaction, plain JDBC or Jdbi. */
final class Jdbc {
    private static final int DEADLOCK_TRIES = 3;

    private Jdbc() {
    }

    /** Work on one connection; SQL problems become unchecked. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Work on a connection of the pool, or on this thread's transaction when one is open (see {@link Database#inOneTransaction}). */
    static <T> T withConnection(Database database, String what, SqlWork<T> work) {
        Connection bound = database.boundConnection();
        if (bound != null) {
            try {
                return work.run(bound);
            } catch (SQLException e) {
                throw new PersistenceException("database error while trying to " + what, e);
            }
        }
        try (Connection connection = database.connection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new PersistenceException("database error while trying to " + what, e);
        }
    }

    /**
     * Jdbi on {@code database}'s pool. Within this thread's transaction of {@link Database#inOneTransaction} a handle
     * gets that transaction's connection and leaves it open, so its statements are part of the larger transaction.
     * Instants are bound and read as UTC {@code DATETIME}s, as {@link SqlValues#setInstant} and {@link SqlValues#getInstant} do.
     */
    static Jdbi jdbi(Database database) {
        return Jdbi.create(new ConnectionFactory() {
            @Override
            public Connection openConnection() throws SQLException {
                Connection bound = database.boundConnection();
                return bound != null ? bound : database.connection();
            }

            @Override
            public void closeConnection(Connection connection) throws SQLException {
                if (connection != database.boundConnection()) {
                    connection.close();
                }
            }
        }).registerArgument(new AbstractArgumentFactory<Instant>(Types.TIMESTAMP) {
            @Override
            protected Argument build(Instant value, ConfigRegistry config) {
                return (index, statement, context) -> SqlValues.setInstant(statement, index, value);
            }
        }).registerColumnMapper(Instant.class, (rows, column, context) -> {
            LocalDateTime value = rows.getObject(column, LocalDateTime.class);
            return value == null ? null : value.toInstant(ZoneOffset.UTC);
        });
    }

    /**
     * {@link #withConnection} with a Jdbi handle: SQL problems become a {@link PersistenceException} caused by the
     * driver's {@link SQLException}, as there, so that the retries and duplicate-key checks see the same failures.
     */
    static <T> T withHandle(Database database, String what, HandleCallback<T, SQLException> work) {
        try {
            return database.jdbi().withHandle(work);
        } catch (SQLException e) {
            throw new PersistenceException("database error while trying to " + what, e);
        } catch (JdbiException e) {
            throw new PersistenceException("database error while trying to " + what,
                    e.getCause() instanceof SQLException sql ? sql : e);
        }
    }

    /**
     * {@link #inTransaction} with a Jdbi handle and Jdbi's transaction. Within this thread's transaction of
     * {@link Database#inOneTransaction} Jdbi joins that one: its connection has autocommit off.
     */
    static <T> T inHandleTransaction(Database database, String what, HandleCallback<T, SQLException> work) {
        return withHandle(database, what, handle -> handle.inTransaction(work));
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. Begun with
     * {@code START TRANSACTION} rather than by switching autocommit off and on again: two round trips fewer. Within this
     * thread's transaction of {@link Database#inOneTransaction} it is part of that one.
     */
    static <T> T inTransaction(Database database, String what, SqlWork<T> work) {
        if (database.boundConnection() != null) {
            return withConnection(database, what, work);
        }
        return withConnection(database, what, connection -> {
            try (Statement begin = connection.createStatement()) {
                begin.execute("START TRANSACTION");
            }
            return SqlScripts.rolledBackIfItFails(connection, c -> {
                T result = work.run(c);
                c.commit();
                return result;
            });
        });
    }

    /**
     * {@link #inTransaction}, run once more after a failure that {@link SqlFailures#readyToRunAgain} accepts, as a group commit
     * writes a lone item again: for writes that must not fail just because a database restarted or a deadlock was
     * broken.
     */
    static <T> T inTransactionOnceMoreIfWorthIt(Database database, String what, SqlWork<T> work) {
        return inTransactionAgainIf(database, what, work, 2, failure -> SqlFailures.readyToRunAgain(database, failure));
    }

    /**
     * {@link #inTransaction}, run again (up to {@link #DEADLOCK_TRIES} times in all) when the server broke a deadlock
     * by rolling it back (SQLSTATE 40001, MariaDB error 1213): the usual answer, since nothing of it was kept. Only for
     * work that does nothing but run its statements, so that running it again repeats nothing else.
     */
    static <T> T inTransactionAgainAfterDeadlock(Database database, String what, SqlWork<T> work) {
        return inTransactionAgainIf(database, what, work, DEADLOCK_TRIES, SqlFailures::rolledBackForDeadlock);
    }

    /** {@link #inTransaction}, run again while {@code again} accepts its failure, {@code tries} times at most in all. */
    private static <T> T inTransactionAgainIf(Database database, String what, SqlWork<T> work, int tries,
                                              Predicate<RuntimeException> again) {
        if (database.boundConnection() != null) {
            // Part of a larger transaction, which a deadlock or a lost connection has ended all of: its owner decides.
            return inTransaction(database, what, work);
        }
        for (int tried = 1; ; tried++) {
            try {
                return inTransaction(database, what, work);
            } catch (RuntimeException e) {
                if (tried == tries || !again.test(e)) {
                    throw e;
                }
            }
        }
    }

    /** A database operation failed; the message says which. */
    static final class PersistenceException extends RuntimeException {
        PersistenceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
