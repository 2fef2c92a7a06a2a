package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.Provenance;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.Sourced;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store's effective delivery limits: each comes from the nearest unit on the path store → root that sets it;
 * none = unlimited (or the operator's default).
 */
public final class RateLimitResolver {
    private RateLimitResolver() {
    }

    /** @param storeToRoot the store first; @param limits the units that set a limit, by unit id value */
    public static Optional<Sourced<RateLimit>> resolve(List<OrgUnit> storeToRoot, Map<String, RateLimit> limits) {
        return nearest(storeToRoot, limits);
    }

    /** The value of the nearest unit that sets one, with that unit as its source. */
    public static <T> Optional<Sourced<T>> nearest(List<OrgUnit> storeToRoot, Map<String, T> values) {
        for (OrgUnit unit : storeToRoot) {
            T limit = values.get(unit.id().value());
            if (limit != null) {
                return Optional.of(new Sourced<>(limit, new Provenance.FromUnit(unit.id(), unit.name())));
            }
        }
        return Optional.empty();
    }
}
