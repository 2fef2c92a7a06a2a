package dev.storerelay.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What a store really sends with after inheritance.
 *
 * @param connection           {@code null} when no unit on the path defines a server: the store cannot send
 *                             and its mail is held
 * @param outgoingEmailAddress always present: falls back to the system default sender
 */
public record EffectiveSettings(UnitId store, Sourced<SmtpConnection> connection,
                                Sourced<EmailAddress> outgoingEmailAddress) {
    public EffectiveSettings {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(outgoingEmailAddress, "outgoingEmailAddress");
    }

    public Optional<Sourced<SmtpConnection>> effectiveConnection() {
        return Optional.ofNullable(connection);
    }

    public boolean canSend() {
        return connection != null;
    }
}
