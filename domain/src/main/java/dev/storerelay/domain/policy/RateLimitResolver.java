package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.Provenance;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.Sourced;
import dev.storerelay.domain.model.OrgUnit;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A store's effective rate limit: the nearest unit on the path store → root that sets one; none = unlimited. */
public final class RateLimitResolver {
    private RateLimitResolver() {
    }

    /** @param storeToRoot the store first; @param limits the units that set a limit, by unit id value */
    public static Optional<Sourced<RateLimit>> resolve(List<OrgUnit> storeToRoot, Map<String, RateLimit> limits) {
        for (OrgUnit unit : storeToRoot) {
            RateLimit limit = limits.get(unit.id().value());
            if (limit != null) {
                return Optional.of(new Sourced<>(limit, new Provenance.FromUnit(unit.id(), unit.name())));
            }
        }
        return Optional.empty();
    }
}
