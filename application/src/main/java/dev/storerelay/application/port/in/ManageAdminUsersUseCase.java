package dev.storerelay.application.port.in;

import dev.storerelay.application.port.Outcome;

import java.util.List;
import java.util.Optional;

/** The admin users of the page and API, managed by a user with the setup permission (the caller checks that). */
public interface ManageAdminUsersUseCase {

    /** Every user, by name; never a password or its hash. */
    List<AdminUser> users();

    /** The user as it is now (its permission may have changed since it signed in); empty once removed. */
    Optional<AdminUser> user(String username);

    /**
     * Creates a user or changes one. {@code password} {@code null} keeps an existing user's password (a new user needs
     * one). {@code Invalid} with field errors; {@code Conflict} when the change would leave no user with the setup
     * permission.
     */
    Outcome save(String username, String password, boolean canSetup);

    /**
     * Removes a user. {@code NotFound}; {@code Conflict} when {@code actingUser} removes itself or the last user with
     * the setup permission.
     */
    Outcome delete(String username, String actingUser);
}
