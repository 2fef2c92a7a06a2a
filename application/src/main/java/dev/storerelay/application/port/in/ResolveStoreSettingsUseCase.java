package dev.storerelay.application.port.in;

import dev.storerelay.domain.model.UnitId;

import java.util.Optional;

/** What a store sends with after inheritance. */
public interface ResolveStoreSettingsUseCase {

    /** The store's effective settings with provenance; empty if the unit is unknown. */
    Optional<ResolvedSettings> resolve(UnitId store);
}
