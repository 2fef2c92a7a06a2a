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

/** Units' own delivery limits (tables {@code unit_rate_limits}, {@code unit_connection_limits}); read every delivery round, so kept briefly. */
final class JdbcUnitRateLimitsAdapter implements UnitRateLimitsPort {
    private final Database database;
    private final RecentSnapshot<Map<UnitId, RateLimit>> limits;
    private final RecentSnapshot<Map<UnitId, ConnectionLimit>> caps;

    JdbcUnitRateLimitsAdapter(Database database) {
        this(database, Duration.ZERO);
    }

    JdbcUnitRateLimitsAdapter(Database database, Duration snapshotTtl) {
        this.database = database;
        this.limits = new RecentSnapshot<>(snapshotTtl, System::nanoTime);
        this.caps = new RecentSnapshot<>(snapshotTtl, System::nanoTime);
    }

    @Override
    public Map<UnitId, RateLimit> loadRateLimits() {
        return limits.get(() -> Jdbc.withConnection(database, "load the rate limits", connection -> {
            Map<UnitId, RateLimit> found = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT unit_id, messages_per_minute FROM unit_rate_limits");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.put(new UnitId(rows.getString(1)), new RateLimit(rows.getInt(2)));
                }
            }
            return Map.copyOf(found);
        }));
    }

    @Override
    public void saveRateLimit(UnitId unit, RateLimit limit) {
        limits.invalidate();
        try {
            Jdbc.withConnection(database, "save the rate limit of unit " + unit, connection -> {
                if (limit == null) {
                    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM unit_rate_limits WHERE unit_id = ?")) {
                        delete.setString(1, unit.value());
                        delete.executeUpdate();
                    }
                } else {
                    try (PreparedStatement upsert = connection.prepareStatement(
                            "INSERT INTO unit_rate_limits (unit_id, messages_per_minute) VALUES (?, ?) "
                                    + "ON DUPLICATE KEY UPDATE messages_per_minute = VALUES(messages_per_minute)")) {
                        upsert.setString(1, unit.value());
                        upsert.setInt(2, limit.messagesPerMinute());
                        upsert.executeUpdate();
                    }
                }
                return null;
            });
        } finally {
            limits.invalidate();
        }
    }

    @Override
    public Map<UnitId, ConnectionLimit> loadConnectionLimits() {
        return caps.get(() -> Jdbc.withConnection(database, "load the connection limits", connection -> {
            Map<UnitId, ConnectionLimit> found = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT unit_id, max_connections FROM unit_connection_limits");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.put(new UnitId(rows.getString(1)), new ConnectionLimit(rows.getInt(2)));
                }
            }
            return Map.copyOf(found);
        }));
    }

    @Override
    public void saveConnectionLimit(UnitId unit, ConnectionLimit limit) {
        caps.invalidate();
        try {
            Jdbc.withConnection(database, "save the connection limit of unit " + unit, connection -> {
                if (limit == null) {
                    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM unit_connection_limits WHERE unit_id = ?")) {
                        delete.setString(1, unit.value());
                        delete.executeUpdate();
                    }
                } else {
                    try (PreparedStatement upsert = connection.prepareStatement(
                            "INSERT INTO unit_connection_limits (unit_id, max_connections) VALUES (?, ?) "
                                    + "ON DUPLICATE KEY UPDATE max_connections = VALUES(max_connections)")) {
                        upsert.setString(1, unit.value());
                        upsert.setInt(2, limit.maxConnections());
                        upsert.executeUpdate();
                    }
                }
                return null;
            });
        } finally {
            caps.invalidate();
        }
    }
}
