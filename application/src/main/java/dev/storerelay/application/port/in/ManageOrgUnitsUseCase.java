package dev.storerelay.application.port.in;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;

import java.util.List;

/** Create, rename, move, list and remove organizational units. */
public interface ManageOrgUnitsUseCase {

    /** Every unit, ordered by id. */
    List<OrgUnit> listUnits();

    /**
     * Creates the unit or updates its name and parent. {@code Invalid} for a bad name, an unknown parent, a second
     * root or a move below itself.
     *
     * @param parentId {@code null} for the root unit
     */
    Outcome putUnit(UnitId id, String name, UnitId parentId);

    /** Removes a unit and its own settings. {@code NotFound}, or {@code Conflict} while it has child units. */
    Outcome deleteUnit(UnitId id);
}
