package dev.storerelay.adapter.persistence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Predicate;

/** What a failed statement means: a duplicate key, a deadlock the server broke, or a lost connection. */
final class SqlFailures {
    private static final Logger LOG = LoggerFactory.getLogger(SqlFailures.class);
    private static final int ER_DUP_ENTRY = 1062;
    /** "Deadlock found when trying to get lock; try restarting transaction" (and serialization failures). */
    private static final String DEADLOCK_SQL_STATE = "40001";

    private SqlFailures() {
    }

    /**
     * Whether the server rolled the transaction back, all of it, to break a deadlock (SQLSTATE 40001); the callers run
     * it again, which is logged here (the failure's message says what it was).
     */
    static boolean rolledBackForDeadlock(RuntimeException failure) {
        boolean deadlock = causedBy(failure, sql -> DEADLOCK_SQL_STATE.equals(sql.getSQLState()));
        if (deadlock) {
            LOG.debug("rolled back by the server to break a deadlock; running it again: {}", failure.getMessage());
        }
        return deadlock;
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

    /** Whether a statement failed on a unique or primary key (MariaDB error 1062, ER_DUP_ENTRY). */
    static boolean isDuplicateKey(SQLException e) {
        return e.getErrorCode() == ER_DUP_ENTRY || e.getCause() instanceof SQLException cause && isDuplicateKey(cause);
    }

    /** {@link #isDuplicateKey(SQLException)} for a failure of {@link Jdbc#withHandle} or of a Jdbi statement. */
    static boolean isDuplicateKey(RuntimeException failure) {
        return failure.getCause() instanceof SQLException cause && isDuplicateKey(cause);
    }
}
