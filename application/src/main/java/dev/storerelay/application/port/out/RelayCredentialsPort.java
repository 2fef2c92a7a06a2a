package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.UnitId;

import java.util.Objects;
import java.util.Optional;

/**
 * Stores the relay credentials submitters use for SMTP AUTH on the listener: at most one per unit, each user name
 * used by one unit only. Only a slow hash of the password is ever stored.
 */
public interface RelayCredentialsPort {

    /** The credential with this user name (exact, case-sensitive), if any. */
    Optional<RelayCredential> findByUsername(String username);

    /** The unit's credential, if it has one. */
    Optional<RelayCredential> findByUnit(UnitId unit);

    /**
     * Creates or replaces the unit's credential; the unit exists. Returns false, and changes nothing, when another
     * unit already uses the user name.
     */
    boolean saveCredential(RelayCredential credential);

    /** Removes the unit's credential; does nothing when it has none. */
    void deleteCredential(UnitId unit);

    /**
     * A stored relay credential.
     *
     * @param passwordHash an encoded slow hash (PBKDF2); never the password
     */
    record RelayCredential(UnitId unit, String username, String passwordHash) {
        public RelayCredential {
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(passwordHash, "passwordHash");
        }

        @Override
        public String toString() {
            return "RelayCredential[" + unit + ", " + username + "]";
        }
    }
}
