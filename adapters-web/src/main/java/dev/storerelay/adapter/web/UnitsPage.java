package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.OrgTree;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;
import gg.jte.Content;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Setup → Units: the tree, a form to create a unit, and for the chosen unit rename, move, delete, routing and relay
 * login ({@code units.jte}). Creating never touches an existing unit: renaming and moving are actions of their own on
 * the unit's page.
 */
final class UnitsPage {
    static final List<String> BREADCRUMB = List.of("Setup", "Units");
    /** The create form, the target of the empty tree's "Create the company" link. */
    static final String CREATE_ID = "create-unit";

    private UnitsPage() {
    }

    /** The chosen unit's editable state; values are as entered when a save failed. */
    record Chosen(OrgUnit unit, String name, String parentId, String senderPatterns, String clientNetworks,
                  String relayUsername, boolean relayPasswordSet) {
    }

    /**
     * The create form's values: empty, or as entered when creating failed, with the errors by field.
     *
     * @param parentId {@code null} to offer the default parent
     */
    record NewUnit(String id, String name, String parentId, Map<String, String> errors) {
        static final NewUnit EMPTY = new NewUnit("", "", null, Map.of());

        NewUnit {
            errors = Map.copyOf(errors);
        }
    }

    /** An entry of a parent list. */
    record Option(String value, String label) {
    }

    /** A parent list: its element id, the units to choose from and the chosen one ({@code null} for none). */
    record ParentChoice(String id, List<Option> options, String selected) {
        /** @param self the unit being moved, whose own subtree is no choice; {@code null} in the create form */
        static ParentChoice of(List<OrgUnit> units, String selected, OrgUnit self) {
            Set<UnitId> ownSubtree = self == null ? Set.of() : OrgTree.of(units).subtree(self.id());
            List<Option> options = units.stream().filter(unit -> !ownSubtree.contains(unit.id()))
                    .map(unit -> new Option(unit.id().value(), unit.name() + " (" + unit.id() + ")")).toList();
            return new ParentChoice(self == null ? "new-parent" : "parent", options, selected);
        }
    }

    /** @param query the tree's search ({@code ?q=}), {@code null} for none */
    static Content content(AdminSessions.Session session, List<OrgUnit> units, Chosen chosen, Map<String, String> errors,
                           NewUnit newUnit, String notice, boolean noticeIsError, String query) {
        Content tree = UnitTreeView.tree(units, AdminLayout.UNITS, chosen == null ? null : chosen.unit().id(), query);
        return Templates.content("units.jte", Templates.params("session", session, "tree", tree, "chosen", chosen,
                "chosenParent", chosen == null ? null : ParentChoice.of(units, chosen.parentId(), chosen.unit()),
                "errors", errors, "newUnit", newUnit,
                "newParent", ParentChoice.of(units,
                        newUnit.parentId() != null ? newUnit.parentId() : defaultParent(units, chosen), null),
                "createLegend", units.isEmpty() ? "Create the company (the root unit)" : "Create a unit",
                "notice", notice, "noticeIsError", noticeIsError));
    }

    /** A new unit goes below the chosen unit, else below the root: there is only one root. */
    private static String defaultParent(List<OrgUnit> units, Chosen chosen) {
        if (chosen != null) {
            return chosen.unit().id().value();
        }
        return units.stream().filter(OrgUnit::isRoot).findFirst().map(u -> u.id().value()).orElse(null);
    }

    /** A field's errors: under its name, or under {@code name[i]} for a line of a list field. */
    static List<String> errorsOf(String name, Map<String, String> errors) {
        return errors.entrySet().stream().filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "["))
                .map(Map.Entry::getValue).toList();
    }
}
