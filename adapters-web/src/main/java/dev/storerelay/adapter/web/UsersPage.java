package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.AdminUser;
import gg.jte.Content;

import java.util.List;
import java.util.Map;

/**
 * Setup → Users ({@code users.jte}): the admin users with their permission; for setup users a form to add or change
 * one and Remove buttons.
 */
final class UsersPage {
    static final List<String> BREADCRUMB = List.of("Setup", "Users");
    static final String SETUP = "setup";
    static final String VIEW = "view";
    static final String PERMISSION = "permission";
    static final String SETUP_TEXT = "setup (may change settings)";
    static final String VIEW_TEXT = "view (read only)";

    private UsersPage() {
    }

    /** What the form shows: as entered after a refusal, or the user chosen with "Change"; never a password. */
    record Entered(String username, boolean canSetup) {
        static final Entered EMPTY = new Entered("", false);
    }

    /** One admin user as the table shows it. */
    record Row(String username, String permission) {
        static Row of(AdminUser user) {
            return new Row(user.username(), user.canSetup() ? SETUP_TEXT : VIEW_TEXT);
        }
    }

    /** The form's values and the refusal of each field by name. */
    record Form(Entered entered, Map<String, String> errors) {
        String fieldClass(String name) {
            return errors.containsKey(name) ? "field has-error" : "field";
        }

        /** The field's error, {@code null} without one. */
        String error(String name) {
            return errors.get(name);
        }

        /** {@code "true"} for a refused field, else {@code null} (left out). */
        String invalid(String name) {
            return errors.containsKey(name) ? "true" : null;
        }

        String describedBy(String name) {
            return "user-" + name + "-help" + (errors.containsKey(name) ? " user-" + name + "-error" : "");
        }
    }

    static Content content(AdminSessions.Session session, List<AdminUser> users, Entered entered,
                           Map<String, String> errors, String notice, boolean noticeIsError) {
        return Templates.content("users.jte", Templates.params("session", session,
                "rows", users.stream().map(Row::of).toList(), "form", new Form(entered, errors),
                "notice", notice, "noticeIsError", noticeIsError));
    }
}
