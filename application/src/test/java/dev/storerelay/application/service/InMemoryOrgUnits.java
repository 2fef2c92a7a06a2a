package dev.storerelay.application.service;

import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.SaveOrgUnitPort;
import dev.storerelay.domain.model.OrgTree;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;
import java.util.LinkedHashMap;
import java.util.Map;

/** Map-backed units; removing a unit removes its own settings, as the port promises. */
class InMemoryOrgUnits implements LoadOrgTreePort, SaveOrgUnitPort {
    private final Map<UnitId, OrgUnit> units = new LinkedHashMap<>();
    private final InMemoryUnitSettings settings;
    int writes;

    InMemoryOrgUnits(InMemoryUnitSettings settings) {
        this.settings = settings;
    }

    /** Test set-up: adds a unit without checks and without counting a write. */
    InMemoryOrgUnits with(String id, String name, String parentId) {
        OrgUnit unit = new OrgUnit(UnitId.of(id), name, parentId == null ? null : UnitId.of(parentId));
        units.put(unit.id(), unit);
        return this;
    }

    @Override
    public OrgTree loadOrgTree() {
        return OrgTree.of(units.values());
    }

    @Override
    public void saveUnit(OrgUnit unit) {
        writes++;
        units.put(unit.id(), unit);
    }

    @Override
    public boolean createUnit(OrgUnit unit) {
        writes++;
        return units.putIfAbsent(unit.id(), unit) == null;
    }

    @Override
    public void deleteUnit(UnitId id) {
        writes++;
        units.remove(id);
        settings.remove(id);
    }
}
