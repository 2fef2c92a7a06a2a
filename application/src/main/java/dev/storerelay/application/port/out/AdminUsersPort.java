package dev.storerelay.application.port.out;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** Stores the admin users of the web API and page. */
public interface AdminUsersPort {

    Optional<AdminUserRecord> findUser(String username);

    /** Creates the user or replaces its password hash and permission. */
    void saveUser(AdminUserRecord user);

    boolean anyUser();

    /** Every user, ordered by name. */
    List<AdminUserRecord> listUsers();

    /** Removes the user; false when there was none. */
    boolean deleteUser(String username);

    /**
     * Runs {@code change} with the admin users locked against other changes, in every relay process on the database:
     * a check of who holds the setup permission and the change it allows happen as one. The port's calls that
     * {@code change} makes on the calling thread join it.
     */
    <T> T changeExclusively(Supplier<T> change);

    /**
     * A stored user.
     *
     * @param passwordHash an encoded slow hash (PBKDF2); never the password
     * @param canSetup     holds the setup permission (may change settings); otherwise view only
     */
    record AdminUserRecord(String username, String passwordHash, boolean canSetup) {
        public AdminUserRecord {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(passwordHash, "passwordHash");
        }

        @Override
        public String toString() {
            return "AdminUserRecord[" + username + ", setup=" + canSetup + "]";
        }
    }
}
