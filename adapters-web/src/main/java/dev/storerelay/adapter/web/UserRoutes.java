package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.storerelay.application.port.in.AdminUser;
import dev.storerelay.application.port.in.ManageAdminUsersUseCase;
import dev.storerelay.domain.policy.AdminUserRules;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/users}: the admin users and their permission ({@code canSetup}: may change settings; otherwise view
 * only). Passwords go in and never come out.
 */
final class UserRoutes {
    private static final String CAN_SETUP = "canSetup";
    private static final Set<String> PUT_PROPERTIES = Set.of(AdminUserRules.PASSWORD, CAN_SETUP);

    private final ManageAdminUsersUseCase users;
    private final JsonBodies bodies;
    private final AdminPageAccess access;

    UserRoutes(ManageAdminUsersUseCase users, JsonBodies bodies, AdminPageAccess access) {
        this.users = users;
        this.bodies = bodies;
        this.access = access;
    }

    /** One user as the API shows it. */
    record UserJson(String username, boolean canSetup) {
        static UserJson of(AdminUser user) {
            return new UserJson(user.username(), user.canSetup());
        }
    }

    void list(Context ctx) {
        ctx.json(users.users().stream().map(UserJson::of).toList());
    }

    /** {@code PUT /api/users/{username}} with {@code {password, canSetup}}; {@code password} omitted keeps it. */
    void put(Context ctx) {
        String username = ctx.pathParam("username");
        ObjectNode body = bodies.object(ctx, PUT_PROPERTIES);
        Map<String, String> errors = new LinkedHashMap<>();
        String password = JsonBodies.text(body, AdminUserRules.PASSWORD, errors);
        JsonNode canSetup = body.get(CAN_SETUP);
        if (canSetup == null || !canSetup.isBoolean()) {
            errors.put(CAN_SETUP, "Must be true (may change settings) or false (view only).");
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Outcomes.requireDone(users.save(username, password, canSetup.booleanValue()));
        access.keepOwnSessionAfterChange(ctx, username);
        ctx.json(find(username));
    }

    void delete(Context ctx) {
        String acting = AdminAccess.user(ctx).map(AdminUser::username).orElse(null);
        Outcomes.requireDone(users.delete(ctx.pathParam("username"), acting));
        ctx.status(204);
    }

    private UserJson find(String username) {
        return users.user(username).map(UserJson::of).orElseThrow(() -> ApiException.notFound("admin user " + username));
    }
}
