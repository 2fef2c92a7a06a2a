package dev.storerelay.application.service;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.ManageRateLimitsUseCase;
import dev.storerelay.application.port.in.RateLimitView;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.UnitRateLimitsPort;
import dev.storerelay.domain.model.ConnectionLimit;
import dev.storerelay.domain.model.OrgTree;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.Sourced;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.Violation;
import dev.storerelay.domain.policy.RateLimitResolver;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

public final class RateLimitService implements ManageRateLimitsUseCase {
    private final LoadOrgTreePort loadTree;
    private final UnitRateLimitsPort limits;

    public RateLimitService(LoadOrgTreePort loadTree, UnitRateLimitsPort limits) {
        this.loadTree = Objects.requireNonNull(loadTree, "loadTree");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public Optional<RateLimitView> rateLimit(UnitId unit) {
        OrgTree tree = loadTree.loadOrgTree();
        if (!tree.contains(unit)) {
            return Optional.empty();
        }
        Map<UnitId, RateLimit> all = limits.loadRateLimits();
        Map<UnitId, ConnectionLimit> caps = limits.loadConnectionLimits();
        List<OrgUnit> path = tree.pathToRoot(unit);
        return Optional.of(new RateLimitView(all.get(unit), effective(path, all).orElse(null),
                caps.get(unit), effective(path, caps).orElse(null)));
    }

    @Override
    public Outcome setRateLimit(UnitId unit, Integer messagesPerMinute) {
        if (!loadTree.loadOrgTree().contains(unit)) {
            return new Outcome.NotFound("unit " + unit);
        }
        if (messagesPerMinute != null && (messagesPerMinute < 1 || messagesPerMinute > RateLimit.MAX)) {
            return new Outcome.Invalid(List.of(new Violation("messagesPerMinute",
                    "Enter a number of messages per minute from 1 to " + RateLimit.MAX + ", or nothing to inherit.")));
        }
        limits.saveRateLimit(unit, messagesPerMinute == null ? null : new RateLimit(messagesPerMinute));
        return Outcome.done();
    }

    @Override
    public Optional<Sourced<RateLimit>> effectiveRateLimit(UnitId store) {
        return effective(loadTree.loadOrgTree().pathToRoot(store), limits.loadRateLimits());
    }

    @Override
    public Outcome setConnectionLimit(UnitId unit, Integer maxConnections) {
        if (!loadTree.loadOrgTree().contains(unit)) {
            return new Outcome.NotFound("unit " + unit);
        }
        if (maxConnections != null && (maxConnections < 1 || maxConnections > ConnectionLimit.MAX)) {
            return new Outcome.Invalid(List.of(new Violation("maxConnections",
                    "Enter a number of connections from 1 to " + ConnectionLimit.MAX + ", or nothing to inherit.")));
        }
        limits.saveConnectionLimit(unit, maxConnections == null ? null : new ConnectionLimit(maxConnections));
        return Outcome.done();
    }

    @Override
    public Optional<Sourced<ConnectionLimit>> effectiveConnectionLimit(UnitId store) {
        return effective(loadTree.loadOrgTree().pathToRoot(store), limits.loadConnectionLimits());
    }

    private static <T> Optional<Sourced<T>> effective(List<OrgUnit> storeToRoot, Map<UnitId, T> all) {
        Map<String, T> byId = new HashMap<>();
        all.forEach((unit, limit) -> byId.put(unit.value(), limit));
        return RateLimitResolver.nearest(storeToRoot, byId);
    }
}
