package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.UnitRateLimitsPort;
import dev.storerelay.domain.model.ConnectionLimit;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.UnitId;

import java.time.Duration;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Units' own delivery limits (tables {@code unit_rate_limits}, {@code unit_connection_limits}); read every delivery
 * round, so reused while the configuration is unchanged (see {@link RecentSnapshot}).
 */
final class JdbcUnitRateLimitsAdapter implements UnitRateLimitsPort {
    private final Database database;
    private final RecentSnapshot<Map<UnitId, RateLimit>> limits;
    private final RecentSnapshot<Map<UnitId, ConnectionLimit>> caps;

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
        return Jdbc.withHandle(database, "load " + table, handle -> handle
                .createQuery("SELECT unit_id, " + column + " FROM " + table)
                .map((rows, context) -> Map.entry(new UnitId(rows.getString(1)), value.apply(rows.getInt(2))))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** Sets or ({@code null}) removes a unit's value in one limit table (see {@link RecentSnapshot#change}). */
    private void write(RecentSnapshot<?> snapshot, String table, String column, UnitId unit, Integer value) {
        snapshot.change(database, "save " + table + " of unit " + unit, handle -> value == null
                ? handle.createUpdate("DELETE FROM " + table + " WHERE unit_id = ?").bind(0, unit.value()).execute()
                : handle.createUpdate("INSERT INTO " + table + " (unit_id, " + column + ") VALUES (?, ?) "
                                + "ON DUPLICATE KEY UPDATE " + column + " = VALUES(" + column + ")")
                        .bind(0, unit.value())
                        .bind(1, value)
                        .execute());
    }
}
