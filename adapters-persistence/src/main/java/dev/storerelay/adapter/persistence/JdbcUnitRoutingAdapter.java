package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.domain.model.ClientNetwork;
import dev.storerelay.domain.model.RoutingTable;
import dev.storerelay.domain.model.SenderPattern;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sender patterns and client networks in tables {@code unit_sender_patterns} and {@code unit_client_networks}. */
final class JdbcUnitRoutingAdapter implements UnitRoutingPort {
    private final Database database;
    private final RecentSnapshot<RoutingTable> table;

    /** Reads the table on every call. */
    JdbcUnitRoutingAdapter(Database database) {
        this(database, Duration.ZERO);
    }

    /** Reuses a read table (see {@link RecentSnapshot}); this adapter's own changes are seen at once. */
    JdbcUnitRoutingAdapter(Database database, Duration snapshotMaxAge) {
        this.database = database;
        this.table = RecentSnapshot.of(database, snapshotMaxAge);
    }

    @Override
    public RoutingTable loadRoutingTable() {
        return table.get(this::readRoutingTable);
    }

    private RoutingTable readRoutingTable() {
        return Jdbc.withConnection(database, "load the routing rules", connection -> {
            Map<UnitId, List<SenderPattern>> patterns = new LinkedHashMap<>();
            Map<UnitId, List<ClientNetwork>> networks = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT unit_id, pattern FROM unit_sender_patterns ORDER BY unit_id, position");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    patterns.computeIfAbsent(new UnitId(rows.getString("unit_id")), u -> new ArrayList<>())
                            .add(pattern(rows.getString("pattern")));
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT unit_id, network FROM unit_client_networks ORDER BY unit_id, position");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    networks.computeIfAbsent(new UnitId(rows.getString("unit_id")), u -> new ArrayList<>())
                            .add(network(rows.getString("network")));
                }
            }
            List<UnitRouting> routings = new ArrayList<>();
            for (UnitId unit : union(patterns, networks)) {
                routings.add(new UnitRouting(unit, patterns.getOrDefault(unit, List.of()), networks.getOrDefault(unit, List.of())));
            }
            return RoutingTable.of(routings);
        });
    }

    @Override
    public UnitRouting loadRouting(UnitId unit) {
        return Jdbc.withConnection(database, "load the routing rules of unit " + unit, connection -> {
            List<SenderPattern> patterns = new ArrayList<>();
            List<ClientNetwork> networks = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT pattern FROM unit_sender_patterns WHERE unit_id = ? ORDER BY position")) {
                select.setString(1, unit.value());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        patterns.add(pattern(rows.getString("pattern")));
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT network FROM unit_client_networks WHERE unit_id = ? ORDER BY position")) {
                select.setString(1, unit.value());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        networks.add(network(rows.getString("network")));
                    }
                }
            }
            return new UnitRouting(unit, patterns, networks);
        });
    }

    @Override
    public boolean saveRouting(UnitRouting routing) {
        UnitId unit = routing.unit();
        try {
            table.change(database, "save the routing rules of unit " + unit, connection -> {
                replace(connection, "unit_sender_patterns", "pattern", unit,
                        routing.senderPatterns().stream().map(SenderPattern::toString).toList());
                replace(connection, "unit_client_networks", "network", unit,
                        routing.clientNetworks().stream().map(ClientNetwork::toString).toList());
                return null;
            });
            return true;
        } catch (Jdbc.PersistenceException e) {
            // Another unit owns an entry: the transaction was rolled back, so the old rules stay whole.
            if (e.getCause() instanceof SQLException cause && Jdbc.isDuplicateKey(cause)) {
                return false;
            }
            throw e;
        }
    }

    private static void replace(Connection connection, String table, String column, UnitId unit, List<String> values)
            throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE unit_id = ?")) {
            delete.setString(1, unit.value());
            delete.executeUpdate();
        }
        if (values.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + table + " (" + column + ", unit_id, position) VALUES (?, ?, ?)")) {
            for (int i = 0; i < values.size(); i++) {
                insert.setString(1, values.get(i));
                insert.setString(2, unit.value());
                insert.setInt(3, i);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static List<UnitId> union(Map<UnitId, ?> a, Map<UnitId, ?> b) {
        List<UnitId> units = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(u -> !a.containsKey(u)).forEach(units::add);
        return units;
    }

    // Stored rows were written from valid values; one that no longer parses means the table was edited by hand.
    private static SenderPattern pattern(String text) {
        return SenderPattern.parse(text).orElseThrow(() -> new IllegalStateException("stored sender pattern is invalid: " + text));
    }

    private static ClientNetwork network(String text) {
        return ClientNetwork.parse(text).orElseThrow(() -> new IllegalStateException("stored client network is invalid: " + text));
    }
}
