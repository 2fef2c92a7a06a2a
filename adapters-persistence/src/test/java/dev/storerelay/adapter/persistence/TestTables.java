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
                    "store_connection_permits", "units", "admin_users", "audit_log"}) {
                statement.execute("DELETE FROM " + table);
            }
            statement.execute("SET FOREIGN_KEY_CHECKS = 1");
            ConfigurationVersion.increment(connection);   // the configuration changed behind the adapters' backs
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
