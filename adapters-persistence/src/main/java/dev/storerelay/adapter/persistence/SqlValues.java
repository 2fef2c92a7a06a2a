package dev.storerelay.adapter.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;

/** How the adapters bind values to statements and read them back: instants as UTC, nulls typed, IN lists. */
final class SqlValues {
    private SqlValues() {
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
}
