package dev.storerelay.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * An organizational unit: the company, a region or a store. A unit without a parent is the root.
 *
 * @param parentId the parent unit, or {@code null} for the root unit
 */
public record OrgUnit(UnitId id, String name, UnitId parentId) {
    public static final int MAX_NAME_LENGTH = 200;

    public OrgUnit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH || Texts.hasLineBreakOrNul(name)) {
            throw new IllegalArgumentException("unit name must be 1-" + MAX_NAME_LENGTH + " characters on one line");
        }
        if (id.equals(parentId)) {
            throw new IllegalArgumentException("a unit cannot be its own parent: " + id);
        }
    }

    public Optional<UnitId> parent() {
        return Optional.ofNullable(parentId);
    }

    public boolean isRoot() {
        return parentId == null;
    }
}
