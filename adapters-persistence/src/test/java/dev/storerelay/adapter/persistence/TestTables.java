package dev.storerelay.adapter.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Empties the tables between tests that share one database. */
final class TestTables {
    private TestTables() {
    }

    static void clear(Database database) {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            // units reference each other (ON DELETE RESTRICT); the checks are off for this session only
            statement.execute("SET FOREIGN_KEY_CHECKS = 0");
            for (String table : new String[]{"delivery_attempts", "message_recipients", "message_chunks", "messages", "unit_settings",
                    "unit_sender_patterns", "unit_client_networks", "relay_credentials", "unit_rate_limits", "unit_connection_limits", "store_send_slots",
                    "store_connection_permits", "units", "admin_users", "audit_log", "refused_submissions", "store_summaries",
                    "store_failed_hours"}) {
                statement.execute("DELETE FROM " + table);
            }
            statement.execute("SET FOREIGN_KEY_CHECKS = 1");
            ConfigurationVersion.increment(connection);   // the configuration changed behind the adapters' backs
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Dropped when closed: tests use it in try-with-resources. */
    interface Trigger extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Makes the server refuse every recipient row for {@code address} (SQLSTATE 45000, "refused"), as it would on a
     * lock wait timeout or a killed query, until the returned trigger is closed.
     */
    static Trigger refusingRecipient(Database database, String address) {
        execute(database, "CREATE TRIGGER refuse_recipient BEFORE INSERT ON message_recipients FOR EACH ROW "
                + "IF NEW.address = '" + address + "' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused'; END IF");
        return () -> execute(database, "DROP TRIGGER refuse_recipient");
    }

    private static void execute(Database database, String sql) {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
