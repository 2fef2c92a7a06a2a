package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.SaveOrgUnitPort;

class InMemoryOrgUnitsTest extends OrgUnitsPortContract {
    private final InMemoryOrgUnits units = new InMemoryOrgUnits(new InMemoryUnitSettings());

    @Override
    protected LoadOrgTreePort load() {
        return units;
    }

    @Override
    protected SaveOrgUnitPort save() {
        return units;
    }
}
