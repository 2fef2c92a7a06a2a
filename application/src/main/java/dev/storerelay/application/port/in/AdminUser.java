package dev.storerelay.application.port.in;

import java.util.Objects;

/**
 * An admin user as stored now. {@code canSetup}: may change settings; otherwise may only view them.
 *
 * @param credentialStamp changes whenever the user's password is set, so a session can tell that it was signed in
 *                        with a password that has been replaced since; derived one-way from the stored hash, which
 *                        it does not reveal
 */
public record AdminUser(String username, boolean canSetup, String credentialStamp) {
    public AdminUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(credentialStamp, "credentialStamp");
    }

    @Override
    public String toString() {
        return "AdminUser[" + username + ", setup=" + canSetup + "]";
    }
}
