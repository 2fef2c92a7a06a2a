package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.SaveOrgUnitPort;
import dev.storerelay.domain.model.OrgTree;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The units in a map; removing a unit removes its own settings, as the port promises. Counts writes for tests that
 * check what a service avoided; open for a test that plays a concurrent change.
 */
public class InMemoryOrgUnits implements LoadOrgTreePort, SaveOrgUnitPort {
    private final Map<UnitId, OrgUnit> units = new LinkedHashMap<>();
    private final InMemoryUnitSettings settings;
    private int writes;

    public InMemoryOrgUnits(InMemoryUnitSettings settings) {
        this.settings = settings;
    }

    /** Test set-up: adds a unit without checks and without counting a write. */
    public synchronized InMemoryOrgUnits with(String id, String name, String parentId) {
        OrgUnit unit = new OrgUnit(UnitId.of(id), name, parentId == null ? null : UnitId.of(parentId));
        units.put(unit.id(), unit);
        return this;
    }

    /** Test set-up: the company, its Region North and Store 1 in that region (ids company, north, s1). */
    public InMemoryOrgUnits withStoreInRegion() {
        return with("company", "Company", null).with("north", "Region North", "company").with("s1", "Store 1", "north");
    }

    /** Test set-up: the company with Store 1 right below it (ids company, s1). */
    public InMemoryOrgUnits withOneStore() {
        return with("company", "Company", null).with("s1", "Store 1", "company");
    }

    /** Test set-up: the company with Store 1 and Store 2 right below it (ids company, s1, s2). */
    public InMemoryOrgUnits withTwoStores() {
        return with("company", "Company", null).with("s1", "Store 1", "company").with("s2", "Store 2", "company");
    }

    @Override
    public synchronized OrgTree loadOrgTree() {
        return OrgTree.of(units.values());
    }

    @Override
    public synchronized void saveUnit(OrgUnit unit) {
        writes++;
        units.put(unit.id(), unit);
    }

    @Override
    public synchronized boolean createUnit(OrgUnit unit) {
        writes++;
        return units.putIfAbsent(unit.id(), unit) == null;
    }

    @Override
    public synchronized void deleteUnit(UnitId id) {
        writes++;
        units.remove(id);
        settings.remove(id);
    }

    public synchronized int writes() {
        return writes;
    }
}
