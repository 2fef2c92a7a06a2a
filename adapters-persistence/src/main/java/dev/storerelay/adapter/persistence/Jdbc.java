package dev.storerelay.adapter.persistence;

import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/** Connection and transaction handling, and the UTC mapping of instants, shared by the adapters. */
final class Jdbc {
    private static final Logger LOG = LoggerFactory.getLogger(Jdbc.class);
    private static final int ER_DUP_ENTRY = 1062;
    /** "Deadlock found when trying to get lock; try restarting transaction" (and serialization failures). */
    private static final String DEADLOCK_SQL_STATE = "40001";
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
     * Instants are bound and read as UTC {@code DATETIME}s, as {@link #setInstant} and {@link #getInstant} do.
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
                return (index, statement, context) -> setInstant(statement, index, value);
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
     * {@link Database#inOneTransaction} it is part of that one: Jdbi would take a transaction begun with
     * {@code START TRANSACTION} for none and commit it.
     */
    static <T> T inHandleTransaction(Database database, String what, HandleCallback<T, SQLException> work) {
        if (database.boundConnection() != null) {
            return withHandle(database, what, work);
        }
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
            return rolledBackIfItFails(connection, c -> {
                T result = work.run(c);
                c.commit();
                return result;
            });
        });
    }

    /**
     * {@link #inTransaction}, run once more after a failure that {@link #readyToRunAgain} accepts, as a group commit
     * writes a lone item again: for writes that must not fail just because a database restarted or a deadlock was
     * broken.
     */
    static <T> T inTransactionOnceMoreIfWorthIt(Database database, String what, SqlWork<T> work) {
        return inTransactionAgainIf(database, what, work, 2, failure -> readyToRunAgain(database, failure));
    }

    /**
     * {@link #inTransaction}, run again (up to {@link #DEADLOCK_TRIES} times in all) when the server broke a deadlock
     * by rolling it back (SQLSTATE 40001, MariaDB error 1213): the usual answer, since nothing of it was kept. Only for
     * work that does nothing but run its statements, so that running it again repeats nothing else.
     */
    static <T> T inTransactionAgainAfterDeadlock(Database database, String what, SqlWork<T> work) {
        return inTransactionAgainIf(database, what, work, DEADLOCK_TRIES, Jdbc::rolledBackForDeadlock);
    }

    /**
     * Whether the server rolled the transaction back, all of it, to break a deadlock (SQLSTATE 40001); the callers run
     * it again, which is logged here (the failure's message says what it was).
     */
    private static boolean rolledBackForDeadlock(RuntimeException failure) {
        boolean deadlock = causedBy(failure, sql -> DEADLOCK_SQL_STATE.equals(sql.getSQLState()));
        if (deadlock) {
            LOG.debug("rolled back by the server to break a deadlock; running it again: {}", failure.getMessage());
        }
        return deadlock;
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

    /** Whether {@code failure} or one of its causes is an {@link SQLException} that {@code matches}. */
    private static boolean causedBy(Throwable failure, Predicate<SQLException> matches) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && matches.test(sql)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code failure} came from a connection to the database that was lost or could not be used (SQLSTATE
     * class 08): the statement may be tried again on another connection. Whether the server had committed before the
     * connection went is not known, so what is written again may be written twice (at least once, never lost).
     */
    private static boolean connectionLost(Throwable failure) {
        return causedBy(failure, sql -> sql instanceof SQLNonTransientConnectionException
                || sql instanceof SQLTransientConnectionException
                || sql.getSQLState() != null && sql.getSQLState().startsWith("08"));
    }

    /**
     * For writes that are tried once more after a failure that may well not recur: true if the server rolled the
     * transaction back to break a deadlock (nothing of it was kept), or if the connection was lost, and then the pool's
     * other connections are replaced too, so that the next try does not find another dead one. Either is the usual
     * answer to such a failure; only for work that does nothing but run its statements, or that can tell a second
     * run from the first.
     */
    static boolean readyToRunAgain(Database database, RuntimeException failure) {
        if (rolledBackForDeadlock(failure)) {
            return true;
        }
        if (!connectionLost(failure)) {
            return false;
        }
        database.replaceConnections();
        return true;
    }

    /**
     * Runs {@code work} on a connection that is (or may be) inside a transaction, and rolls that transaction back if
     * the work fails.
     */
    static <T> T rolledBackIfItFails(Connection connection, SqlWork<T> work) throws SQLException {
        try {
            return work.run(connection);
        } catch (SQLException | RuntimeException e) {
            rollback(connection, e);
            throw e;
        }
    }

    /** Binds the parameters of a statement. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads one result set of a script. */
    @FunctionalInterface
    interface RowsReader {
        void read(ResultSet rows) throws SQLException;
    }

    /**
     * Runs {@code statements} (separated by {@code ;}) in one transaction that is begun and committed in the same
     * round trip to the server: the pool's connections allow multi-statement queries. Each result set goes to
     * {@code rows}, in order. The server stops at the first statement that fails; the transaction is then rolled back.
     *
     * <p>When the binder asked for streamed results (a fetch size) and a statement after a result set fails, the
     * driver (Connector/J 3.5) waits for results that never come on the next use of the connection, the rollback
     * included: such a connection is closed at once instead, and the server rolls its transaction back.
     */
    static void committedInOneRoundTrip(Connection connection, String statements, Binder binder, RowsReader rows)
            throws SQLException {
        try (PreparedStatement script = connection.prepareStatement("START TRANSACTION;" + statements + ";COMMIT")) {
            binder.bind(script);
            boolean streamed = script.getFetchSize() > 0;
            try {
                readResults(script, rows);
            } catch (SQLException | RuntimeException e) {
                if (streamed) {
                    abort(connection);
                } else {
                    rollback(connection, e);
                }
                throw e;
            }
        }
    }

    /** Executes a script (one or more statements) and hands each of its result sets to {@code rows}, in order. */
    static void readResults(PreparedStatement script, RowsReader rows) throws SQLException {
        boolean isResultSet = script.execute();
        while (isResultSet || script.getUpdateCount() != -1) {
            if (isResultSet) {
                try (ResultSet result = script.getResultSet()) {
                    rows.read(result);
                }
            }
            isResultSet = script.getMoreResults();
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
            // A connection that may still be inside the transaction must never serve anyone again.
            abort(connection);
        }
    }

    /** Closes the connection's socket without a word to the server, which rolls back its open transaction. */
    private static void abort(Connection connection) {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException ignored) {
            // it is gone either way
        }
    }

    // DATETIME has no zone: a LocalDateTime in UTC goes in and comes out unchanged, whatever the JVM's default
    // zone is. DATETIME(6) keeps microseconds, so finer instants are truncated here rather than by the server.
    static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP);
        } else {
            statement.setObject(index, LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        }
    }

    static Instant getInstant(ResultSet rows, String column) throws SQLException {
        LocalDateTime value = rows.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    static void setNullableString(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    /** Binds values in order from index 1: strings, numbers, booleans, instants (as UTC) and nulls. */
    static void bindAll(PreparedStatement statement, List<Object> values) throws SQLException {
        int index = 1;
        for (Object value : values) {
            if (value == null) {
                statement.setNull(index, Types.NULL);
            } else if (value instanceof Instant instant) {
                setInstant(statement, index, instant);
            } else if (value instanceof String || value instanceof Long || value instanceof Integer || value instanceof Boolean) {
                statement.setObject(index, value);
            } else {
                throw new IllegalArgumentException("cannot bind a " + value.getClass().getName());
            }
            index++;
        }
    }

    /** {@code (?, ?, ...)} for an IN list. */
    static String placeholders(int count) {
        return "(" + String.join(", ", Collections.nCopies(count, "?")) + ")";
    }

    /** Binds {@code ids} from {@code firstIndex} on. */
    static void bindIds(PreparedStatement statement, int firstIndex, List<Long> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            statement.setLong(firstIndex + i, ids.get(i));
        }
    }

    /** Whether a statement failed on a unique or primary key (MariaDB error 1062, ER_DUP_ENTRY). */
    static boolean isDuplicateKey(SQLException e) {
        return e.getErrorCode() == ER_DUP_ENTRY || e.getCause() instanceof SQLException cause && isDuplicateKey(cause);
    }

    /** {@link #isDuplicateKey(SQLException)} for a failure of {@link #withHandle} or of a Jdbi statement. */
    static boolean isDuplicateKey(RuntimeException failure) {
        return failure.getCause() instanceof SQLException cause && isDuplicateKey(cause);
    }

    /** A database operation failed; the message says which. */
    static final class PersistenceException extends RuntimeException {
        PersistenceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
