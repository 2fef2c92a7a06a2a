package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;

/** Changes the organizational units. The caller has checked the change against the tree. */
public interface SaveOrgUnitPort {

    /** Creates the unit or updates its name and parent. */
    void saveUnit(OrgUnit unit);

    /** Removes the unit with its own settings; does nothing if it does not exist. */
    void deleteUnit(UnitId id);
}
