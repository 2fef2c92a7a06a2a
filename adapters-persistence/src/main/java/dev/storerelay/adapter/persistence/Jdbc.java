package dev.storerelay.adapter.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;

/** Connection and transaction handling, and the UTC mapping of instants, shared by the adapters. */
final class Jdbc {
    private static final int ER_DUP_ENTRY = 1062;

    private Jdbc() {
    }

    /** Work on one connection; SQL problems become unchecked. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    static <T> T withConnection(Database database, String what, SqlWork<T> work) {
        try (Connection connection = database.connection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new PersistenceException("database error while trying to " + what, e);
        }
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. Begun with
     * {@code START TRANSACTION} rather than by switching autocommit off and on again: two round trips fewer.
     */
    static <T> T inTransaction(Database database, String what, SqlWork<T> work) {
        return withConnection(database, what, connection -> {
            try (Statement begin = connection.createStatement()) {
                begin.execute("START TRANSACTION");
            }
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        });
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
            // A connection that may still be inside the transaction must never serve anyone again.
            try {
                connection.abort(Runnable::run);
            } catch (SQLException ignored) {
                // it is gone either way
            }
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

    /** A database operation failed; the message says which. */
    static final class PersistenceException extends RuntimeException {
        PersistenceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
