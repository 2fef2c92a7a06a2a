package dev.storerelay.application.service;

import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.domain.model.RoutingTable;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import dev.storerelay.domain.model.Validated;
import dev.storerelay.domain.policy.RoutingValidator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Map-backed routing rules; like the database, it refuses an entry another unit owns. */
final class InMemoryUnitRouting implements UnitRoutingPort {
    final Map<UnitId, UnitRouting> routings = new LinkedHashMap<>();
    int tableLoads;
    int writes;
    /** When set, the next save finds this unit's rules stored first (another admin's concurrent update). */
    UnitRouting sneakIn;

    /** Test set-up: stores rules without checks. */
    InMemoryUnitRouting with(String unit, List<String> patterns, List<String> networks) {
        UnitRouting routing = ((Validated.Valid<UnitRouting>)
                RoutingValidator.validate(UnitId.of(unit), patterns, networks)).value();
        routings.put(routing.unit(), routing);
        return this;
    }

    @Override
    public RoutingTable loadRoutingTable() {
        tableLoads++;
        return RoutingTable.of(routings.values());
    }

    @Override
    public UnitRouting loadRouting(UnitId unit) {
        return routings.getOrDefault(unit, UnitRouting.none(unit));
    }

    @Override
    public boolean saveRouting(UnitRouting routing) {
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
}
