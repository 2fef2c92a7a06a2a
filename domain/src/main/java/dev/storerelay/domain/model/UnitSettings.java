package dev.storerelay.domain.model;

import java.util.Optional;

/**
 * The SMTP settings a unit sets itself; anything absent is inherited from the parent unit.
 *
 * @param connection           {@code null} when the unit defines no server of its own
 * @param outgoingEmailAddress {@code null} when the unit defines no sender of its own
 */
public record UnitSettings(SmtpConnection connection, EmailAddress outgoingEmailAddress) {
    public static final UnitSettings INHERIT_ALL = new UnitSettings(null, null);

    public Optional<SmtpConnection> ownConnection() {
        return Optional.ofNullable(connection);
    }

    public Optional<EmailAddress> ownOutgoingEmailAddress() {
        return Optional.ofNullable(outgoingEmailAddress);
    }

    public boolean isEmpty() {
        return connection == null && outgoingEmailAddress == null;
    }
}
