package dev.storerelay.domain.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tree of organizational units (company → regions → stores, any depth). There is at most one root, every
 * parent exists and there are no cycles; {@link #checkPut} tells whether a change keeps it that way.
 */
public final class OrgTree {
    private final Map<UnitId, OrgUnit> units;

    private OrgTree(Map<UnitId, OrgUnit> units) {
        this.units = units;
    }

    public static OrgTree empty() {
        return new OrgTree(Map.of());
    }

    /** Builds the tree from stored units; throws if they do not form one tree. */
    public static OrgTree of(Collection<OrgUnit> stored) {
        Map<UnitId, OrgUnit> byId = new LinkedHashMap<>();
        stored.stream().sorted(Comparator.comparing(OrgUnit::id)).forEach(u -> byId.put(u.id(), u));
        OrgTree tree = new OrgTree(Map.copyOf(byId));
        for (OrgUnit unit : byId.values()) {
            List<Violation> violations = tree.structuralViolations(unit);
            if (!violations.isEmpty()) {
                throw new IllegalArgumentException("stored units do not form a tree: " + violations);
            }
        }
        return tree;
    }

    public Optional<OrgUnit> find(UnitId id) {
        return Optional.ofNullable(units.get(id));
    }

    public boolean contains(UnitId id) {
        return units.containsKey(id);
    }

    public Optional<OrgUnit> root() {
        return units.values().stream().filter(OrgUnit::isRoot).findFirst();
    }

    /** All units, ordered by id. */
    public List<OrgUnit> units() {
        return units.values().stream().sorted(Comparator.comparing(OrgUnit::id)).toList();
    }

    public List<OrgUnit> children(UnitId id) {
        return units.values().stream().filter(u -> id.equals(u.parentId())).sorted(Comparator.comparing(OrgUnit::id)).toList();
    }

    /** {@code id} and every unit below it; empty if {@code id} is unknown. */
    public Set<UnitId> subtree(UnitId id) {
        Set<UnitId> found = new HashSet<>();
        if (!units.containsKey(id)) {
            return found;
        }
        // One pass over the units for the children of all: asking children() per unit would read every unit for each,
        // which at a chain's root (thousands of stores) is millions of steps for one delivery-log page.
        Map<UnitId, List<UnitId>> childrenOf = new HashMap<>();
        for (OrgUnit unit : units.values()) {
            if (unit.parentId() != null) {
                childrenOf.computeIfAbsent(unit.parentId(), k -> new ArrayList<>()).add(unit.id());
            }
        }
        Deque<UnitId> next = new ArrayDeque<>(List.of(id));
        while (!next.isEmpty()) {
            UnitId unit = next.pop();
            if (found.add(unit)) {
                childrenOf.getOrDefault(unit, List.of()).forEach(next::push);
            }
        }
        return found;
    }

    /** The units from {@code id} up to the root, {@code id} first; empty if {@code id} is unknown. */
    public List<OrgUnit> pathToRoot(UnitId id) {
        List<OrgUnit> path = new ArrayList<>();
        Set<UnitId> seen = new HashSet<>();
        OrgUnit current = units.get(id);
        while (current != null && seen.add(current.id())) {
            path.add(current);
            current = current.parentId() == null ? null : units.get(current.parentId());
        }
        return List.copyOf(path);
    }

    /** What is wrong with creating or updating {@code unit}; empty when the change keeps one tree. */
    public List<Violation> checkPut(OrgUnit unit) {
        return withUnit(unit).structuralViolations(unit);
    }

    /** The tree after creating or updating {@code unit}; call {@link #checkPut} first. */
    public OrgTree withUnit(OrgUnit unit) {
        Map<UnitId, OrgUnit> next = new LinkedHashMap<>(units);
        next.put(unit.id(), unit);
        return new OrgTree(Map.copyOf(next));
    }

    /** What is wrong with removing {@code id}; a unit with children cannot be removed. */
    public List<Violation> checkRemove(UnitId id) {
        List<OrgUnit> children = children(id);
        if (children.isEmpty()) {
            return List.of();
        }
        return List.of(new Violation("id", "unit " + id + " still has " + children.size()
                + " child unit(s), e.g. " + children.get(0).id() + "; move or remove them first"));
    }

    private List<Violation> structuralViolations(OrgUnit unit) {
        if (unit.isRoot()) {
            return units.values().stream().filter(r -> r.isRoot() && !r.id().equals(unit.id())).findFirst()
                    .map(r -> List.of(new Violation("parentId", "there is already a root unit (" + r.id()
                            + "); give this unit a parent")))
                    .orElse(List.of());
        }
        if (!units.containsKey(unit.parentId())) {
            return List.of(new Violation("parentId", "parent unit " + unit.parentId() + " does not exist"));
        }
        Set<UnitId> seen = new HashSet<>();
        OrgUnit current = unit;
        while (current.parentId() != null) {
            if (!seen.add(current.id())) {
                return List.of(new Violation("parentId", "unit " + unit.parentId() + " lies below " + unit.id()
                        + "; a unit cannot move below itself"));
            }
            current = units.get(current.parentId());
            if (current == null) {
                return List.of(new Violation("parentId", "the path to the root is broken"));
            }
        }
        return List.of();
    }
}
