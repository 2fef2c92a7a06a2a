package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.domain.model.RoutingTable;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import dev.storerelay.domain.model.Validated;
import dev.storerelay.domain.policy.RoutingValidator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The units' routing rules in a map, counting table loads and writes, and able to play another admin whose update
 * lands just before the next save.
 */
public final class InMemoryUnitRouting implements UnitRoutingPort {
    private final Map<UnitId, UnitRouting> routings = new LinkedHashMap<>();
    private int tableLoads;
    private int writes;
    private UnitRouting sneakIn;

    /** Test set-up: stores rules without checks and without counting a write. */
    public synchronized InMemoryUnitRouting with(String unit, List<String> patterns, List<String> networks) {
        UnitRouting routing = ((Validated.Valid<UnitRouting>)
                RoutingValidator.validate(UnitId.of(unit), patterns, networks)).value();
        routings.put(routing.unit(), routing);
        return this;
    }

    /** The next save finds these rules stored first, as after another admin's concurrent update. */
    public synchronized void sneakInBeforeNextSave(UnitRouting routing) {
        sneakIn = routing;
    }

    /** Forgets every unit's rules, as a change in another relay process would. */
    public synchronized void clear() {
        routings.clear();
    }

    @Override
    public synchronized RoutingTable loadRoutingTable() {
        tableLoads++;
        return RoutingTable.of(routings.values());
    }

    @Override
    public synchronized UnitRouting loadRouting(UnitId unit) {
        return routings.getOrDefault(unit, UnitRouting.none(unit));
    }

    @Override
    public synchronized boolean saveRouting(UnitRouting routing) {
        if (sneakIn != null) {
            routings.put(sneakIn.unit(), sneakIn);
            sneakIn = null;
        }
        if (!RoutingValidator.conflicts(routing, RoutingTable.of(routings.values())).isEmpty()) {
            return false;
        }
        writes++;
        if (routing.isEmpty()) {
            routings.remove(routing.unit());
        } else {
            routings.put(routing.unit(), routing);
        }
        return true;
    }

    public synchronized int tableLoads() {
        return tableLoads;
    }

    public synchronized int writes() {
        return writes;
    }
}
