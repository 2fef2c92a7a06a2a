package dev.storerelay.adapter.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The server's plan of a statement, for tests that check which index it reads. */
final class QueryPlans {
    private QueryPlans() {
    }

    /** The rows of {@code EXPLAIN}, each column by its label, with the statement's parameters bound. */
    static List<Map<String, String>> explain(StartedDatabase db, String sql, List<Object> arguments) throws SQLException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection connection = db.newConnection();
             PreparedStatement statement = connection.prepareStatement("EXPLAIN " + sql)) {
            SqlValues.bindAll(statement, arguments);
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        row.put(result.getMetaData().getColumnLabel(i), result.getString(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
