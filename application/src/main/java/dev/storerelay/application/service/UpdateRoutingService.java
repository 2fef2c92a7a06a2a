package dev.storerelay.application.service;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.UpdateRoutingUseCase;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import dev.storerelay.domain.model.Validated;
import dev.storerelay.domain.model.Violation;
import dev.storerelay.domain.policy.RoutingValidator;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

public final class UpdateRoutingService implements UpdateRoutingUseCase {
    private final LoadOrgTreePort loadTree;
    private final UnitRoutingPort routing;
    private final AuditTrail audit;

    public UpdateRoutingService(LoadOrgTreePort loadTree, UnitRoutingPort routing, AuditTrail audit) {
        this.loadTree = Objects.requireNonNull(loadTree, "loadTree");
        this.routing = Objects.requireNonNull(routing, "routing");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    @Override
    public Optional<UnitRouting> routing(UnitId unit) {
        if (!loadTree.loadOrgTree().contains(unit)) {
            return Optional.empty();
        }
        return Optional.of(routing.loadRouting(unit));
    }

    @Override
    public Outcome updateRouting(UnitId unit, List<String> senderPatterns, List<String> clientNetworks) {
        if (!loadTree.loadOrgTree().contains(unit)) {
            return new Outcome.NotFound("unit " + unit);
        }
        Validated<UnitRouting> validated = RoutingValidator.validate(unit, senderPatterns, clientNetworks);
        if (validated instanceof Validated.Invalid<UnitRouting> invalid) {
            return new Outcome.Invalid(invalid.violations());
        }
        UnitRouting update = ((Validated.Valid<UnitRouting>) validated).value();
        UnitRouting before = routing.loadRouting(unit);
        List<Violation> conflicts = RoutingValidator.conflicts(update, routing.loadRoutingTable());
        if (!conflicts.isEmpty()) {
            return new Outcome.Conflict(conflicts);
        }
        if (!routing.saveRouting(update)) {
            // Another admin took an entry between our check and the save: name the owner if it can be found now.
            List<Violation> now = RoutingValidator.conflicts(update, routing.loadRoutingTable());
            return new Outcome.Conflict(now.isEmpty()
                    ? List.of(new Violation("routing", "Another unit took one of these entries meanwhile; try again."))
                    : now);
        }
        if (!before.senderPatterns().equals(update.senderPatterns())) {
            audit.record(unit, "Sender patterns", "set to " + update.senderPatterns() + " (were " + before.senderPatterns() + ")");
        }
        if (!before.clientNetworks().equals(update.clientNetworks())) {
            audit.record(unit, "Client networks", "set to " + update.clientNetworks() + " (were " + before.clientNetworks() + ")");
        }
        return Outcome.done();
    }
}
