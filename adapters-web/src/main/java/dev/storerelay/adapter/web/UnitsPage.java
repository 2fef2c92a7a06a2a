package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.OrgTree;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Setup → Units: the tree, a form to create a unit, and for the chosen unit rename, move, delete, routing and relay
 * login. Creating never touches an existing unit: renaming and moving are actions of their own on the unit's page.
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

    /** @param query the tree's search ({@code ?q=}), {@code null} for none */
    static Html content(AdminSessions.Session session, List<OrgUnit> units, Chosen chosen, Map<String, String> errors,
                        NewUnit newUnit, String notice, boolean noticeIsError, String query) {
        Html h = new Html();
        AdminLayout.notice(h, notice, noticeIsError);
        h.open("p").el("a", "Import and export", "href", BulkRoutes.PAGE).text(" many units at once (CSV or JSON)").close("p");
        h.open("div", "class", "columns").append(UnitTreeView.tree(units, AdminLayout.UNITS, chosen == null ? null : chosen.unit().id(),
                query))
                .open("div", "class", "content");
        boolean canSetup = session.user().canSetup();
        if (chosen != null) {
            String id = chosen.unit().id().value();
            h.el("h2", chosen.unit().name() + " (" + id + ")");
            h.open("p").el("a", "SMTP Server settings of this unit", "href", AdminLayout.SMTP_SERVER + "?unit=" + id).close("p");
            form(h, session, "/rename", "Rename");
            h.hidden("id", id);
            text(h, "unit-", "name", "Name", chosen.name(), errors);
            end(h, canSetup, "Rename");
            form(h, session, "/move", "Move (with every unit below it)");
            h.hidden("id", id);
            parentSelect(h, units, chosen.parentId(), chosen.unit(), errors);
            end(h, canSetup, "Move");
            if (canSetup) {
                h.open("form", "method", "post", "action", AdminLayout.UNITS + "/delete", "class", "inline");
                AdminLayout.csrf(h, session).hidden("id", id);
                AdminLayout.dangerButton(h, "Delete this unit", "Delete the unit " + chosen.unit().name() + " (" + id
                                + ") with its own settings, routing and relay credential?")
                        .el("span", " Only a unit without child units can be deleted.", "class", "hint")
                        .close("form");
            }
            form(h, session, "/routing", "Routing");
            h.hidden("id", id);
            area(h, "senderPatterns", "Sender patterns (one per line: an address or @domain)", chosen.senderPatterns(), errors);
            area(h, "clientNetworks", "Client networks (one per line, CIDR such as 10.1.0.0/16)", chosen.clientNetworks(), errors);
            end(h, canSetup, "Save routing");
            form(h, session, "/relay-credentials", "Relay credential (SMTP AUTH on the listener)");
            h.hidden("id", id);
            text(h, "relay-", "username", "User name", chosen.relayUsername(), errors);
            h.el("p", "Stored password: " + (chosen.relayPasswordSet() ? "set" : "not set"), "class", "state", "id", "relay-password-state");
            h.open("div", "class", "field").el("label", "New password", "for", "relayPassword");
            error(h, "password", errors);
            h.open("input", "id", "relayPassword", "name", "password", "type", "password", "value", "",
                    "autocomplete", "new-password", "aria-describedby", "relay-password-state").close("div");
            end(h, canSetup, "Save relay credential");
            if (canSetup && (chosen.relayPasswordSet() || !chosen.relayUsername().isEmpty())) {
                h.open("form", "method", "post", "action", AdminLayout.UNITS + "/relay-credentials/delete", "class", "inline");
                AdminLayout.csrf(h, session).hidden("id", id);
                AdminLayout.dangerButton(h, "Remove relay credential", "Remove the relay credential of " + chosen.unit().name()
                        + " (" + id + ")? Submitters that log in with it are refused from then on.").close("form");
            }
        }
        h.open("div", "id", CREATE_ID);
        form(h, session, "", units.isEmpty() ? "Create the company (the root unit)" : "Create a unit");
        text(h, "new-", "id", "Unit id (letters, digits, - and _)", newUnit.id(), newUnit.errors());
        text(h, "new-", "name", "Name", newUnit.name(), newUnit.errors());
        parentSelect(h, units, newUnit.parentId() != null ? newUnit.parentId() : defaultParent(units, chosen), null,
                newUnit.errors());
        end(h, canSetup, "Create unit");
        h.close("div");
        return h.close("div").close("div");
    }

    /** A new unit goes below the chosen unit, else below the root: there is only one root. */
    private static String defaultParent(List<OrgUnit> units, Chosen chosen) {
        if (chosen != null) {
            return chosen.unit().id().value();
        }
        return units.stream().filter(OrgUnit::isRoot).findFirst().map(u -> u.id().value()).orElse(null);
    }

    private static void form(Html h, AdminSessions.Session session, String path, String legend) {
        h.open("form", "method", "post", "action", AdminLayout.UNITS + path, "class", "settings");
        AdminLayout.csrf(h, session);
        h.open("fieldset", "disabled", Html.flag(!session.user().canSetup(), "disabled")).el("legend", legend);
    }

    private static void end(Html h, boolean canSetup, String button) {
        h.close("fieldset");
        if (canSetup) {
            h.el("button", button, "type", "submit");
        }
        h.close("form");
    }

    private static void text(Html h, String prefix, String name, String label, String value, Map<String, String> errors) {
        String id = prefix + name;
        h.open("div", "class", "field").el("label", label, "for", id);
        error(h, name, errors);
        h.open("input", "id", id, "name", name, "type", "text", "value", value,
                "aria-invalid", errors.containsKey(name) ? "true" : null).close("div");
    }

    private static void area(Html h, String name, String label, String value, Map<String, String> errors) {
        h.open("div", "class", "field").el("label", label, "for", name);
        error(h, name, errors);
        h.el("textarea", value, "id", name, "name", name, "rows", "4").close("div");
    }

    private static void error(Html h, String name, Map<String, String> errors) {
        errors.entrySet().stream().filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "["))
                .forEach(e -> h.el("p", e.getValue(), "class", "error"));
    }

    /** @param self the unit being moved, whose own subtree is no choice; {@code null} in the create form */
    private static void parentSelect(Html h, List<OrgUnit> units, String parentId, OrgUnit self, Map<String, String> errors) {
        String id = self == null ? "new-parent" : "parent";
        Set<UnitId> ownSubtree = self == null ? Set.of() : OrgTree.of(units).subtree(self.id());
        h.open("div", "class", "field").el("label", "Parent unit", "for", id);
        error(h, "parentId", errors);
        h.open("select", "id", id, "name", "parentId")
                .el("option", "None (the company, the root unit)", "value", "", "selected", Html.flag(parentId == null, "selected"));
        for (OrgUnit unit : units) {
            if (!ownSubtree.contains(unit.id())) {
                h.el("option", unit.name() + " (" + unit.id() + ")", "value", unit.id().value(),
                        "selected", Html.flag(unit.id().value().equals(parentId), "selected"));
            }
        }
        h.close("select").close("div");
    }
}
