package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.OrgUnit;

import java.util.List;
import java.util.Map;

/** Setup → Units: the tree, a form to create a unit, and for the chosen unit rename/move, delete, routing, relay login. */
final class UnitsPage {
    static final List<String> BREADCRUMB = List.of("Setup", "Units");

    private UnitsPage() {
    }

    /** The chosen unit's editable state; values are as entered when a save failed. */
    record Chosen(OrgUnit unit, String name, String parentId, String senderPatterns, String clientNetworks,
                  String relayUsername, boolean relayPasswordSet) {
    }

    static Html content(AdminSessions.Session session, List<OrgUnit> units, Chosen chosen, Map<String, String> errors,
                        String notice, boolean noticeIsError) {
        Html h = new Html();
        AdminLayout.notice(h, notice, noticeIsError);
        h.open("p").el("a", "Import and export", "href", BulkRoutes.PAGE).text(" many units at once (CSV or JSON)").close("p");
        h.open("div", "class", "columns").append(UnitTreeView.tree(units, AdminLayout.UNITS, chosen == null ? null : chosen.unit().id()))
                .open("div", "class", "content");
        boolean canSetup = session.user().canSetup();
        if (chosen != null) {
            String id = chosen.unit().id().value();
            h.el("h2", chosen.unit().name() + " (" + id + ")");
            h.open("p").el("a", "SMTP Server settings of this unit", "href", AdminLayout.SMTP_SERVER + "?unit=" + id).close("p");
            form(h, session, "", "Name and parent");
            h.hidden("id", id);
            text(h, "unit-", "name", "Name", chosen.name(), errors);
            parentSelect(h, units, chosen.parentId(), chosen.unit(), errors);
            end(h, canSetup, "Save name and parent");
            if (canSetup) {
                h.open("form", "method", "post", "action", AdminLayout.UNITS + "/delete", "class", "inline");
                AdminLayout.csrf(h, session).hidden("id", id);
                h.el("button", "Delete this unit", "type", "submit").el("span", " Only a unit without child units can be deleted.", "class", "hint")
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
        }
        form(h, session, "", "Create a unit");
        text(h, "new-", "id", "Unit id (letters, digits, - and _)", "", Map.of());
        text(h, "new-", "name", "Name", "", Map.of());
        parentSelect(h, units, chosen == null ? null : chosen.unit().id().value(), null, Map.of());
        end(h, canSetup, "Create unit");
        return h.close("div").close("div");
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

    private static void parentSelect(Html h, List<OrgUnit> units, String parentId, OrgUnit self, Map<String, String> errors) {
        String id = self == null ? "new-parent" : "parent";
        h.open("div", "class", "field").el("label", "Parent unit", "for", id);
        error(h, "parentId", errors);
        h.open("select", "id", id, "name", "parentId")
                .el("option", "None (the company, the root unit)", "value", "", "selected", Html.flag(parentId == null, "selected"));
        for (OrgUnit unit : units) {
            if (self == null || !unit.id().equals(self.id())) {
                h.el("option", unit.name() + " (" + unit.id() + ")", "value", unit.id().value(),
                        "selected", Html.flag(unit.id().value().equals(parentId), "selected"));
            }
        }
        h.close("select").close("div");
    }
}
