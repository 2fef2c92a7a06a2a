package dev.storerelay.adapter.web;

import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.domain.model.RoutingTable;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import dev.storerelay.domain.policy.RoutingValidator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Map-backed routing rules; like the database, it refuses an entry another unit owns. */
final class InMemoryUnitRouting implements UnitRoutingPort {
    private final Map<UnitId, UnitRouting> routings = new ConcurrentHashMap<>();

    @Override
    public RoutingTable loadRoutingTable() {
        return RoutingTable.of(routings.values());
    }

    @Override
    public UnitRouting loadRouting(UnitId unit) {
        return routings.getOrDefault(unit, UnitRouting.none(unit));
    }

    @Override
    public synchronized boolean saveRouting(UnitRouting routing) {
        if (!RoutingValidator.conflicts(routing, loadRoutingTable()).isEmpty()) {
            return false;
        }
        if (routing.isEmpty()) {
            routings.remove(routing.unit());
        } else {
            routings.put(routing.unit(), routing);
        }
        return true;
    }
}
