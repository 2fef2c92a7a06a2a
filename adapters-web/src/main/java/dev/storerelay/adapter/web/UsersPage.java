package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.AdminUser;

import java.util.List;
import java.util.Map;

/** Setup → Users: the admin users with their permission; for setup users a form to add or change one and Remove buttons. */
final class UsersPage {
    static final List<String> BREADCRUMB = List.of("Setup", "Users");
    static final String SETUP = "setup";
    static final String VIEW = "view";
    static final String PERMISSION = "permission";
    private static final String SETUP_TEXT = "setup (may change settings)";
    private static final String VIEW_TEXT = "view (read only)";

    private UsersPage() {
    }

    /** What the form shows: as entered after a refusal, or the user chosen with "Change"; never a password. */
    record Entered(String username, boolean canSetup) {
        static final Entered EMPTY = new Entered("", false);
    }

    static Html content(AdminSessions.Session session, List<AdminUser> users, Entered entered, Map<String, String> errors,
                        String notice, boolean noticeIsError) {
        Html h = new Html();
        AdminLayout.notice(h, notice, noticeIsError);
        boolean canSetup = session.user().canSetup();
        table(h, session, users, canSetup);
        if (canSetup) {
            form(h, session, entered, errors);
        }
        return h;
    }

    private static void table(Html h, AdminSessions.Session session, List<AdminUser> users, boolean canSetup) {
        h.open("table", "class", "log").el("caption", "Admin users").open("thead").open("tr")
                .el("th", "User name", "scope", "col").el("th", "Permission", "scope", "col");
        if (canSetup) {
            h.el("th", "Actions", "scope", "col");
        }
        h.close("tr").close("thead").open("tbody");
        for (AdminUser user : users) {
            h.open("tr").el("td", user.username()).el("td", user.canSetup() ? SETUP_TEXT : VIEW_TEXT);
            if (canSetup) {
                h.open("td").el("a", "Change", "href", AdminLayout.USERS + "?user=" + user.username(),
                        "aria-label", "Change user " + user.username()).text(" ");
                h.open("form", "method", "post", "action", AdminLayout.USERS + "/delete", "class", "inline");
                AdminLayout.csrf(h, session).hidden("username", user.username());
                AdminLayout.dangerButton(h, "Remove", "Remove the admin user " + user.username() + "?",
                        "aria-label", "Remove user " + user.username()).close("form").close("td");
            }
            h.close("tr");
        }
        h.close("tbody").close("table");
    }

    private static void form(Html h, AdminSessions.Session session, Entered entered, Map<String, String> errors) {
        h.open("form", "method", "post", "action", AdminLayout.USERS, "class", "settings", "novalidate", "novalidate");
        AdminLayout.csrf(h, session);
        h.open("fieldset").el("legend", "Add or change a user");

        h.open("div", "class", errors.containsKey("username") ? "field has-error" : "field")
                .el("label", "User name", "for", "user-username")
                .el("p", "1-64 letters, digits, '.', '_', '@' or '-'. An existing name changes that user.",
                        "class", "help", "id", "user-username-help");
        error(h, "username", errors);
        h.open("input", "id", "user-username", "name", "username", "type", "text", "value", entered.username(),
                "autocomplete", "off", "aria-describedby", describedBy("username", errors),
                "aria-invalid", errors.containsKey("username") ? "true" : null).close("div");

        h.open("div", "class", errors.containsKey("password") ? "field has-error" : "field")
                .el("label", "Password", "for", "user-password")
                .el("p", "At least 12 characters. Leave empty to keep the password of an existing user.",
                        "class", "help", "id", "user-password-help");
        error(h, "password", errors);
        // Write-only: always empty, also after an error.
        h.open("input", "id", "user-password", "name", "password", "type", "password", "value", "",
                "autocomplete", "new-password", "aria-describedby", describedBy("password", errors),
                "aria-invalid", errors.containsKey("password") ? "true" : null).close("div");

        h.open("div", "class", errors.containsKey(PERMISSION) ? "field has-error" : "field")
                .el("label", "Permission", "for", "user-permission");
        error(h, PERMISSION, errors);
        h.open("select", "id", "user-permission", "name", PERMISSION)
                .el("option", VIEW_TEXT, "value", VIEW, "selected", Html.flag(!entered.canSetup(), "selected"))
                .el("option", SETUP_TEXT, "value", SETUP, "selected", Html.flag(entered.canSetup(), "selected"))
                .close("select").close("div");

        h.close("fieldset");
        h.open("p", "class", "actions").el("button", "Save user", "type", "submit").close("p");
        h.close("form");
    }

    private static void error(Html h, String name, Map<String, String> errors) {
        if (errors.containsKey(name)) {
            h.el("p", errors.get(name), "class", "error", "id", "user-" + name + "-error");
        }
    }

    private static String describedBy(String name, Map<String, String> errors) {
        return "user-" + name + "-help" + (errors.containsKey(name) ? " user-" + name + "-error" : "");
    }
}
