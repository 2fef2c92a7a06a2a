package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;

/** Changes the organizational units. The caller has checked the change against the tree. */
public interface SaveOrgUnitPort {

    /** Creates the unit or updates its name and parent. */
    void saveUnit(OrgUnit unit);

    /**
     * Creates the unit unless one with its id exists, in one step (two admins creating the same id at once cannot
     * both succeed, nor can one overwrite the other's unit).
     *
     * @return {@code false}, changing nothing, when a unit with that id exists already
     */
    boolean createUnit(OrgUnit unit);

    /** Removes the unit with its own settings; does nothing if it does not exist. */
    void deleteUnit(UnitId id);
}
