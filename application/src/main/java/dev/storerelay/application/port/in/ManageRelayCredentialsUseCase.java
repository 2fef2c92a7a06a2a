package dev.storerelay.application.port.in;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.domain.model.UnitId;

import java.util.Optional;

/** The relay credential of a unit: the user name and password a submitter uses for SMTP AUTH on the listener. */
public interface ManageRelayCredentialsUseCase {

    /** The unit's relay credential as it may be shown (never the password); empty if the unit is unknown. */
    Optional<RelayCredentialView> credentials(UnitId unit);

    /**
     * Creates or replaces the unit's credential; the password is stored as a slow hash only. {@code NotFound};
     * {@code Invalid} ({@code username}, {@code password}); {@code Conflict} when another unit uses the user name.
     */
    Outcome setCredentials(UnitId unit, String username, String password);

    /** Removes the unit's credential (done also when it had none). {@code NotFound} if the unit is unknown. */
    Outcome removeCredentials(UnitId unit);

    /** What is shown of a relay credential: the user name, {@code null} when the unit has no credential. */
    record RelayCredentialView(String username) {
        public Optional<String> configuredUsername() {
            return Optional.ofNullable(username);
        }

        public boolean passwordSet() {
            return username != null;
        }
    }
}
