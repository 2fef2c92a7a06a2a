package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.domain.model.ClientNetwork;
import dev.storerelay.domain.model.RoutingTable;
import dev.storerelay.domain.model.SenderPattern;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collector;
import java.util.stream.Collectors;

/** Sender patterns and client networks in tables {@code unit_sender_patterns} and {@code unit_client_networks}. */
final class JdbcUnitRoutingAdapter implements UnitRoutingPort {
    private final Database database;
    private final RecentSnapshot<RoutingTable> table;

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
        return Jdbc.withHandle(database, "load the routing rules", handle -> {
            Map<UnitId, List<SenderPattern>> patterns = handle
                    .createQuery("SELECT unit_id, pattern FROM unit_sender_patterns ORDER BY unit_id, position")
                    .map((rows, context) -> Map.entry(new UnitId(rows.getString(1)), pattern(rows.getString(2))))
                    .collect(groupedByUnit());
            Map<UnitId, List<ClientNetwork>> networks = handle
                    .createQuery("SELECT unit_id, network FROM unit_client_networks ORDER BY unit_id, position")
                    .map((rows, context) -> Map.entry(new UnitId(rows.getString(1)), network(rows.getString(2))))
                    .collect(groupedByUnit());
            List<UnitRouting> routings = new ArrayList<>();
            for (UnitId unit : union(patterns, networks)) {
                routings.add(new UnitRouting(unit, patterns.getOrDefault(unit, List.of()), networks.getOrDefault(unit, List.of())));
            }
            return RoutingTable.of(routings);
        });
    }

    /** Each unit's values in the order read, units in the order first read. */
    private static <T> Collector<Map.Entry<UnitId, T>, ?, Map<UnitId, List<T>>> groupedByUnit() {
        return Collectors.groupingBy(Map.Entry::getKey, LinkedHashMap::new,
                Collectors.mapping(Map.Entry::getValue, Collectors.toList()));
    }

    @Override
    public UnitRouting loadRouting(UnitId unit) {
        return Jdbc.withHandle(database, "load the routing rules of unit " + unit, handle -> new UnitRouting(unit,
                handle.createQuery("SELECT pattern FROM unit_sender_patterns WHERE unit_id = ? ORDER BY position")
                        .bind(0, unit.value())
                        .map((rows, context) -> pattern(rows.getString(1)))
                        .list(),
                handle.createQuery("SELECT network FROM unit_client_networks WHERE unit_id = ? ORDER BY position")
                        .bind(0, unit.value())
                        .map((rows, context) -> network(rows.getString(1)))
                        .list()));
    }

    @Override
    public boolean saveRouting(UnitRouting routing) {
        UnitId unit = routing.unit();
        try {
            table.change(database, "save the routing rules of unit " + unit, handle -> {
                replace(handle, "unit_sender_patterns", "pattern", unit,
                        routing.senderPatterns().stream().map(SenderPattern::toString).toList());
                replace(handle, "unit_client_networks", "network", unit,
                        routing.clientNetworks().stream().map(ClientNetwork::toString).toList());
                return null;
            });
            return true;
        } catch (Jdbc.PersistenceException e) {
            // Another unit owns an entry: the transaction was rolled back, so the old rules stay whole.
            if (SqlFailures.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    private static void replace(Handle handle, String table, String column, UnitId unit, List<String> values) {
        handle.createUpdate("DELETE FROM " + table + " WHERE unit_id = ?").bind(0, unit.value()).execute();
        if (values.isEmpty()) {
            return;
        }
        PreparedBatch insert = handle.prepareBatch("INSERT INTO " + table + " (" + column + ", unit_id, position) VALUES (?, ?, ?)");
        for (int i = 0; i < values.size(); i++) {
            insert.bind(0, values.get(i)).bind(1, unit.value()).bind(2, i).add();
        }
        insert.execute();
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
