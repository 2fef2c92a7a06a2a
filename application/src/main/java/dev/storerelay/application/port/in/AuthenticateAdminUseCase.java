package dev.storerelay.application.port.in;

import java.util.Optional;

/** Admin users: sign-in and the initial {@code admin}. */
public interface AuthenticateAdminUseCase {

    /**
     * Checks a user name and password sent from {@code clientAddress} (the address of the connection, never one a
     * client claims in a header). {@code Authenticated} with the user as stored now; {@code Refused} for an unknown
     * name or a wrong password, which take the same time; {@code Throttled}, without checking the password at all,
     * while this name has failed too often from this address.
     */
    AuthenticationResult<AdminUser> authenticate(String username, String password, String clientAddress);

    /**
     * Creates the initial setup user {@code admin} when no user exists yet. With {@code configuredPassword} it gets
     * that password; otherwise a random one, which is returned so it can be shown once. Empty when users exist
     * already or a configured password was used.
     */
    Optional<String> ensureInitialAdmin(String configuredPassword);

    /** Creates or replaces a user (setup permission needed by the caller). */
    void saveUser(String username, String password, boolean canSetup);
}
