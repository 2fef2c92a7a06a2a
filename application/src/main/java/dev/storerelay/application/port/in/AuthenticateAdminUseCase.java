package dev.storerelay.application.port.in;

import java.util.Optional;

/** Admin users: sign-in and the initial {@code admin}. */
public interface AuthenticateAdminUseCase {

    /** The user, if the name exists and the password matches its stored hash; takes the same time either way. */
    Optional<AdminUser> authenticate(String username, String password);

    /**
     * Creates the initial setup user {@code admin} when no user exists yet. With {@code configuredPassword} it gets
     * that password; otherwise a random one, which is returned so it can be shown once. Empty when users exist
     * already or a configured password was used.
     */
    Optional<String> ensureInitialAdmin(String configuredPassword);

    /** Creates or replaces a user (setup permission needed by the caller). */
    void saveUser(String username, String password, boolean canSetup);
}
