package dev.storerelay.domain.model;

import java.util.Objects;

/** Where an effective setting came from, so the admin page can say "inherited from Region North". */
public sealed interface Provenance {

    /** Set on this unit (the store itself or one of its ancestors). */
    record FromUnit(UnitId unitId, String unitName) implements Provenance {
        public FromUnit {
            Objects.requireNonNull(unitId, "unitId");
            Objects.requireNonNull(unitName, "unitName");
        }
    }

    /** The operator's configured default (e.g. the system default sender). */
    record SystemDefault() implements Provenance {
    }
}
