package dev.storerelay.adapter.web;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.AdminUser;
import dev.storerelay.application.port.in.ManageAdminUsersUseCase;
import dev.storerelay.domain.model.Violation;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code /admin/users}: list the admin users; setup users add, change and remove them. */
final class UsersRoutes {
    private final ManageAdminUsersUseCase users;
    private final AdminPageAccess access;

    UsersRoutes(ManageAdminUsersUseCase users, AdminPageAccess access) {
        this.users = users;
        this.access = access;
    }

    void register(JavalinConfig c) {
        c.routes.get(AdminLayout.USERS, this::show);
        c.routes.post(AdminLayout.USERS, this::save);
        c.routes.post(AdminLayout.USERS + "/delete", this::delete);
    }

    void show(Context ctx) {
        String notice = ctx.queryParam("saved") != null ? "The user is saved."
                : ctx.queryParam("removed") != null ? "The user is removed." : null;
        UsersPage.Entered entered = UsersPage.Entered.EMPTY;
        String chosen = ctx.queryParam("user");
        if (chosen != null) {
            entered = users.users().stream().filter(u -> u.username().equals(chosen)).findFirst()
                    .map(u -> new UsersPage.Entered(u.username(), u.canSetup())).orElse(entered);
        }
        render(ctx, entered, Map.of(), notice, 200);
    }

    void save(Context ctx) {
        String username = text(ctx, "username");
        String password = ctx.formParam("password");   // not stripped: spaces may be part of a password
        String permission = text(ctx, UsersPage.PERMISSION);
        boolean canSetup = UsersPage.SETUP.equals(permission);
        UsersPage.Entered entered = new UsersPage.Entered(username, canSetup);
        if (!canSetup && !UsersPage.VIEW.equals(permission)) {
            render(ctx, entered, Map.of(UsersPage.PERMISSION, "Choose setup or view."),
                    "The user was not saved: correct the marked fields.", 400);
            return;
        }
        Outcome outcome = users.save(username, password == null || password.isEmpty() ? null : password, canSetup);
        if (outcome instanceof Outcome.Done) {
            access.keepOwnSessionAfterChange(ctx, username);
            ctx.redirect(AdminLayout.USERS + "?saved=1", HttpStatus.SEE_OTHER);
            return;
        }
        refused(ctx, outcome, entered, "The user was not saved");
    }

    void delete(Context ctx) {
        String username = text(ctx, "username");
        String acting = AdminAccess.user(ctx).map(AdminUser::username).orElse(null);
        Outcome outcome = users.delete(username, acting);
        if (outcome instanceof Outcome.Done) {
            ctx.redirect(AdminLayout.USERS + "?removed=1", HttpStatus.SEE_OTHER);
            return;
        }
        refused(ctx, outcome, UsersPage.Entered.EMPTY, "The user was not removed");
    }

    /** Invalid: the errors next to their fields. Conflict: its message at the top. NotFound: a 404 page. */
    private void refused(Context ctx, Outcome outcome, UsersPage.Entered entered, String what) {
        if (outcome instanceof Outcome.Invalid invalid) {
            Map<String, String> errors = new LinkedHashMap<>(ApiException.fieldMessages(invalid.violations()));
            render(ctx, entered, errors, what + ": correct the marked fields.", 400);
            return;
        }
        if (outcome instanceof Outcome.Conflict conflict) {
            List<Violation> violations = conflict.violations();
            String reason = violations.isEmpty() ? "It conflicts with the other users."
                    : violations.stream().map(Violation::message).collect(Collectors.joining(" "));
            render(ctx, entered, Map.of(), what + ": " + reason, 409);
            return;
        }
        throw AdminPageException.notFound("There is no such user.");
    }

    private void render(Context ctx, UsersPage.Entered entered, Map<String, String> errors, String notice, int status) {
        AdminSessions.Session session = AdminPageAccess.session(ctx);
        ctx.status(status).html(AdminLayout.page("Users", UsersPage.BREADCRUMB, session,
                UsersPage.content(session, users.users(), entered, errors, notice, status >= 400)));
    }

    private static String text(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value.strip();
    }
}
