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

    /**
     * Creates a new unit; never changes an existing one. {@code Conflict} on the field {@code id} when a unit with that
     * id exists already (it is left as it is), {@code Invalid} for a bad name, an unknown parent or a second root.
     *
     * @param parentId {@code null} for the root unit
     */
    Outcome createUnit(UnitId id, String name, UnitId parentId);

    /** Gives an existing unit a new name. {@code NotFound}, or {@code Invalid} for a bad name. */
    Outcome renameUnit(UnitId id, String name);

    /**
     * Moves an existing unit with everything below it under another parent. {@code NotFound}, or {@code Invalid} on the
     * field {@code parentId} for an unknown parent, a second root, or a parent within the unit's own subtree.
     *
     * @param parentId {@code null} to make it the root unit
     */
    Outcome moveUnit(UnitId id, UnitId parentId);

    /** Removes a unit and its own settings. {@code NotFound}, or {@code Conflict} while it has child units. */
    Outcome deleteUnit(UnitId id);
}
