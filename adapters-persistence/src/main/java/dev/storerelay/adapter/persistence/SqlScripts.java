package dev.storerelay.adapter.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Work on one connection that may be inside a transaction: multi-statement scripts sent in one round trip, and the
 * rollback (or, failing that, the abort) of a transaction whose work failed.
 */
final class SqlScripts {
    private SqlScripts() {
    }

    /**
     * Runs {@code work} on a connection that is (or may be) inside a transaction, and rolls that transaction back if
     * the work fails.
     */
    static <T> T rolledBackIfItFails(Connection connection, Jdbc.SqlWork<T> work) throws SQLException {
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
}
