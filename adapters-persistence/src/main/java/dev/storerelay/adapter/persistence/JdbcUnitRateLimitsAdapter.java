package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.UnitRateLimitsPort;
import dev.storerelay.domain.model.ConnectionLimit;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.UnitId;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Units' own delivery limits (tables {@code unit_rate_limits}, {@code unit_connection_limits}); read every delivery
 * round, so reused while the configuration is unchanged (see {@link RecentSnapshot}).
 */
final class JdbcUnitRateLimitsAdapter implements UnitRateLimitsPort {
    private final Database database;
    private final RecentSnapshot<Map<UnitId, RateLimit>> limits;
    private final RecentSnapshot<Map<UnitId, ConnectionLimit>> caps;

    JdbcUnitRateLimitsAdapter(Database database) {
        this(database, Duration.ZERO);
    }

    JdbcUnitRateLimitsAdapter(Database database, Duration snapshotMaxAge) {
        this.database = database;
        this.limits = RecentSnapshot.of(database, snapshotMaxAge);
        this.caps = RecentSnapshot.of(database, snapshotMaxAge);
    }

    @Override
    public Map<UnitId, RateLimit> loadRateLimits() {
        return limits.get(() -> readAll("unit_rate_limits", "messages_per_minute", RateLimit::new));
    }

    @Override
    public void saveRateLimit(UnitId unit, RateLimit limit) {
        write(limits, "unit_rate_limits", "messages_per_minute", unit, limit == null ? null : limit.messagesPerMinute());
    }

    @Override
    public Map<UnitId, ConnectionLimit> loadConnectionLimits() {
        return caps.get(() -> readAll("unit_connection_limits", "max_connections", ConnectionLimit::new));
    }

    @Override
    public void saveConnectionLimit(UnitId unit, ConnectionLimit limit) {
        write(caps, "unit_connection_limits", "max_connections", unit, limit == null ? null : limit.maxConnections());
    }

    /** Every unit's value of one limit table; {@code table} and {@code column} are this class's constants. */
    private <T> Map<UnitId, T> readAll(String table, String column, IntFunction<T> value) {
        return Jdbc.withConnection(database, "load " + table, connection -> {
            Map<UnitId, T> found = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT unit_id, " + column + " FROM " + table);
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.put(new UnitId(rows.getString(1)), value.apply(rows.getInt(2)));
                }
            }
            return Map.copyOf(found);
        });
    }

    /** Sets or ({@code null}) removes a unit's value in one limit table (see {@link RecentSnapshot#change}). */
    private void write(RecentSnapshot<?> snapshot, String table, String column, UnitId unit, Integer value) {
        snapshot.change(database, "save " + table + " of unit " + unit, connection -> {
            String sql = value == null
                    ? "DELETE FROM " + table + " WHERE unit_id = ?"
                    : "INSERT INTO " + table + " (unit_id, " + column + ") VALUES (?, ?) "
                            + "ON DUPLICATE KEY UPDATE " + column + " = VALUES(" + column + ")";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, unit.value());
                if (value != null) {
                    statement.setInt(2, value);
                }
                statement.executeUpdate();
            }
            return null;
        });
    }
}
