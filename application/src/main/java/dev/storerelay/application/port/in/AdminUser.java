package dev.storerelay.application.port.in;

import java.util.Objects;

/** A signed-in admin. {@code canSetup}: may change settings; otherwise may only view them. */
public record AdminUser(String username, boolean canSetup) {
    public AdminUser {
        Objects.requireNonNull(username, "username");
    }
}
