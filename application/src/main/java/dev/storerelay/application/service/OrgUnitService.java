package dev.storerelay.application.service;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.application.port.out.DeliverySignalPort;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.HeldMailPort;
import dev.storerelay.application.port.out.RunLaterPort;
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

    public OrgUnitService(LoadOrgTreePort loadTree, SaveOrgUnitPort saveUnit, HeldMailPort queue,
                          DeliverySignalPort deliverySignal, Clock clock, AuditTrail audit,
                          RunLaterPort later) {
        this.loadTree = Objects.requireNonNull(loadTree, "loadTree");
        this.saveUnit = Objects.requireNonNull(saveUnit, "saveUnit");
        this.heldMail = new HeldMailRelease(queue, deliverySignal, clock, later);
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    @Override
    public List<OrgUnit> listUnits() {
        return loadTree.loadOrgTree().units();
    }

    @Override
    public Outcome putUnit(UnitId id, String name, UnitId parentId) {
        Optional<Outcome> refused = refusedNameOrParent(id, name, parentId);
        if (refused.isPresent()) {
            return refused.get();
        }
        OrgUnit unit = new OrgUnit(id, name.strip(), parentId);
        OrgTree tree = loadTree.loadOrgTree();
        List<Violation> violations = tree.checkPut(unit);
        if (!violations.isEmpty()) {
            return new Outcome.Invalid(violations);
        }
        Optional<OrgUnit> existing = tree.find(id);
        saveUnit.saveUnit(unit);
        if (existing.isEmpty()) {
            auditCreated(unit);
        } else {
            auditChanged(existing.get(), unit);
        }
        return Outcome.done();
    }

    @Override
    public Outcome createUnit(UnitId id, String name, UnitId parentId) {
        Optional<Outcome> refused = refusedNameOrParent(id, name, parentId);
        if (refused.isPresent()) {
            return refused.get();
        }
        OrgUnit unit = new OrgUnit(id, name.strip(), parentId);
        OrgTree tree = loadTree.loadOrgTree();
        Optional<OrgUnit> existing = tree.find(id);
        if (existing.isPresent()) {
            return idTaken(existing.get());
        }
        List<Violation> violations = tree.checkPut(unit);
        if (!violations.isEmpty()) {
            return new Outcome.Invalid(violations);
        }
        if (!saveUnit.createUnit(unit)) {
            // Created by someone else since the tree was read: theirs stays.
            return idTaken(loadTree.loadOrgTree().find(id).orElse(unit));
        }
        auditCreated(unit);
        return Outcome.done();
    }

    @Override
    public Outcome renameUnit(UnitId id, String name) {
        if (!isValidName(name)) {
            return new Outcome.Invalid(List.of(nameViolation()));
        }
        Optional<OrgUnit> existing = loadTree.loadOrgTree().find(id);
        if (existing.isEmpty()) {
            return new Outcome.NotFound("unit " + id);
        }
        OrgUnit renamed = new OrgUnit(id, name.strip(), existing.get().parentId());
        if (!renamed.equals(existing.get())) {
            saveUnit.saveUnit(renamed);
            auditChanged(existing.get(), renamed);
        }
        return Outcome.done();
    }

    @Override
    public Outcome moveUnit(UnitId id, UnitId parentId) {
        OrgTree tree = loadTree.loadOrgTree();
        Optional<OrgUnit> existing = tree.find(id);
        if (existing.isEmpty()) {
            return new Outcome.NotFound("unit " + id);
        }
        if (parentId != null && tree.subtree(id).contains(parentId)) {
            return new Outcome.Invalid(List.of(new Violation("parentId", id.equals(parentId)
                    ? "A unit cannot be its own parent."
                    : "Unit " + parentId + " lies below " + id + ": a unit cannot move under its own subtree.")));
        }
        OrgUnit moved = new OrgUnit(id, existing.get().name(), parentId);
        List<Violation> violations = tree.checkPut(moved);
        if (!violations.isEmpty()) {
            return new Outcome.Invalid(violations);
        }
        if (!moved.equals(existing.get())) {
            saveUnit.saveUnit(moved);
            auditChanged(existing.get(), moved);
        }
        return Outcome.done();
    }

    private static Optional<Outcome> refusedNameOrParent(UnitId id, String name, UnitId parentId) {
        if (!isValidName(name)) {
            return Optional.of(new Outcome.Invalid(List.of(nameViolation())));
        }
        if (id.equals(parentId)) {
            return Optional.of(new Outcome.Invalid(List.of(new Violation("parentId", "A unit cannot be its own parent."))));
        }
        return Optional.empty();
    }

    private static boolean isValidName(String name) {
        return !Texts.isBlank(name) && name.strip().length() <= OrgUnit.MAX_NAME_LENGTH && !Texts.hasLineBreakOrNul(name);
    }

    private static Violation nameViolation() {
        return new Violation("name", "Enter a name of 1-" + OrgUnit.MAX_NAME_LENGTH + " characters on one line.");
    }

    private static Outcome idTaken(OrgUnit existing) {
        return new Outcome.Conflict(List.of(new Violation("id", "There is already a unit with the id " + existing.id()
                + " (" + existing.name() + "): choose another id, or open that unit to rename or move it.")));
    }

    private void auditCreated(OrgUnit unit) {
        audit.record(unit.id(), "Unit", "created as '" + unit.name() + "'"
                + (unit.parentId() == null ? " (the root)" : " below " + unit.parentId()));
    }

    /** Audits a rename and a move; a move releases held mail, since below a new parent a store may inherit a server. */
    private void auditChanged(OrgUnit before, OrgUnit after) {
        if (!before.name().equals(after.name())) {
            audit.record(after.id(), "Name", "changed from '" + before.name() + "' to '" + after.name() + "'");
        }
        if (!Objects.equals(before.parentId(), after.parentId())) {
            audit.record(after.id(), "Parent unit", "moved from " + before.parentId() + " to " + after.parentId());
            heldMail.release();
        }
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
