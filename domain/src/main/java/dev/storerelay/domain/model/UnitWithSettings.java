package dev.storerelay.domain.model;

import java.util.Objects;

/** A unit together with the settings it defines itself. */
public record UnitWithSettings(OrgUnit unit, UnitSettings settings) {
    public UnitWithSettings {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(settings, "settings");
    }
}
