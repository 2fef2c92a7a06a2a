package dev.storerelay.application.service;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.application.port.out.DeliverySignalPort;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.MessageQueuePort;
import dev.storerelay.application.port.out.SaveOrgUnitPort;
import dev.storerelay.domain.model.OrgTree;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.Texts;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.Violation;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

public final class OrgUnitService implements ManageOrgUnitsUseCase {
    private final LoadOrgTreePort loadTree;
    private final SaveOrgUnitPort saveUnit;
    private final HeldMailRelease heldMail;
    private final AuditTrail audit;

    public OrgUnitService(LoadOrgTreePort loadTree, SaveOrgUnitPort saveUnit, MessageQueuePort queue,
                          DeliverySignalPort deliverySignal, Clock clock) {
        this(loadTree, saveUnit, queue, deliverySignal, clock, AuditTrail.NONE);
    }

    public OrgUnitService(LoadOrgTreePort loadTree, SaveOrgUnitPort saveUnit, MessageQueuePort queue,
                          DeliverySignalPort deliverySignal, Clock clock, AuditTrail audit) {
        this.loadTree = Objects.requireNonNull(loadTree, "loadTree");
        this.saveUnit = Objects.requireNonNull(saveUnit, "saveUnit");
        this.heldMail = new HeldMailRelease(queue, deliverySignal, clock);
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    @Override
    public List<OrgUnit> listUnits() {
        return loadTree.loadOrgTree().units();
    }

    @Override
    public Outcome putUnit(UnitId id, String name, UnitId parentId) {
        if (Texts.isBlank(name) || name.strip().length() > OrgUnit.MAX_NAME_LENGTH || Texts.hasLineBreakOrNul(name)) {
            return new Outcome.Invalid(List.of(new Violation("name", "Enter a name of 1-" + OrgUnit.MAX_NAME_LENGTH + " characters on one line.")));
        }
        if (id.equals(parentId)) {
            return new Outcome.Invalid(List.of(new Violation("parentId", "A unit cannot be its own parent.")));
        }
        OrgUnit unit = new OrgUnit(id, name.strip(), parentId);
        OrgTree tree = loadTree.loadOrgTree();
        List<Violation> violations = tree.checkPut(unit);
        if (!violations.isEmpty()) {
            return new Outcome.Invalid(violations);
        }
        Optional<OrgUnit> existing = tree.find(id);
        boolean moved = existing.map(e -> !Objects.equals(e.parentId(), parentId)).orElse(false);
        saveUnit.saveUnit(unit);
        if (existing.isEmpty()) {
            audit.record(id, "Unit", "created as '" + unit.name() + "'" + (parentId == null ? " (the root)" : " below " + parentId));
        } else {
            if (!existing.get().name().equals(unit.name())) {
                audit.record(id, "Name", "changed from '" + existing.get().name() + "' to '" + unit.name() + "'");
            }
            if (moved) {
                audit.record(id, "Parent unit", "moved from " + existing.get().parentId() + " to " + parentId);
            }
        }
        if (moved) {
            heldMail.release();        // below a new parent the store may inherit a server
        }
        return Outcome.done();
    }

    @Override
    public Outcome deleteUnit(UnitId id) {
        OrgTree tree = loadTree.loadOrgTree();
        if (!tree.contains(id)) {
            return new Outcome.NotFound("unit " + id);
        }
        List<Violation> violations = tree.checkRemove(id);
        if (!violations.isEmpty()) {
            return new Outcome.Conflict(violations);
        }
        saveUnit.deleteUnit(id);
        audit.record(id, "Unit", "removed");
        return Outcome.done();
    }
}
