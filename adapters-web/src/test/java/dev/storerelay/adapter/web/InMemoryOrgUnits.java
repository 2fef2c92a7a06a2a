package dev.storerelay.adapter.web;

import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.SaveOrgUnitPort;
import dev.storerelay.application.port.out.UnitSettingsPort;
import dev.storerelay.domain.model.OrgTree;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Map-backed units and their own settings, as the database adapter would keep them. */
final class InMemoryOrgUnits implements LoadOrgTreePort, SaveOrgUnitPort, UnitSettingsPort {
    private final Map<UnitId, OrgUnit> units = new ConcurrentHashMap<>();
    private final Map<UnitId, UnitSettings> settings = new ConcurrentHashMap<>();

    @Override
    public OrgTree loadOrgTree() {
        return OrgTree.of(units.values());
    }

    @Override
    public void saveUnit(OrgUnit unit) {
        units.put(unit.id(), unit);
    }

    @Override
    public boolean createUnit(OrgUnit unit) {
        return units.putIfAbsent(unit.id(), unit) == null;
    }

    @Override
    public void deleteUnit(UnitId id) {
        units.remove(id);
        settings.remove(id);
    }

    @Override
    public UnitSettings loadSettings(UnitId unit) {
        return settings.getOrDefault(unit, UnitSettings.INHERIT_ALL);
    }

    @Override
    public void saveSettings(UnitId unit, UnitSettings unitSettings) {
        if (unitSettings.isEmpty()) {
            settings.remove(unit);
        } else {
            settings.put(unit, unitSettings);
        }
    }
}
