package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.AdminUsersPort;
import dev.storerelay.application.port.out.AdminUsersPort.AdminUserRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link AdminUsersPort} does, run against the in-memory fake and the database adapter alike. */
public abstract class AdminUsersPortContract {

    /** The port under test, without users. */
    protected abstract AdminUsersPort port();

    @Test
    void aSavedUserIsFoundByItsExactNameAndReplacedBySavingAgain() {
        assertThat(port().anyUser()).isFalse();
        port().saveUser(new AdminUserRecord("alice", "hash-1", true));
        port().saveUser(new AdminUserRecord("alice", "hash-2", false));

        assertThat(port().anyUser()).isTrue();
        assertThat(port().findUser("alice")).contains(new AdminUserRecord("alice", "hash-2", false));
        assertThat(port().findUser("Alice")).as("names are case-sensitive").isEmpty();
        assertThat(port().findUser("bob")).isEmpty();
    }

    @Test
    void usersAreListedByNameAndDeletedOneByOne() {
        port().saveUser(new AdminUserRecord("carol", "h", false));
        port().saveUser(new AdminUserRecord("alice", "h", true));
        port().saveUser(new AdminUserRecord("bob", "h", false));

        assertThat(port().listUsers()).extracting(AdminUserRecord::username).containsExactly("alice", "bob", "carol");
        assertThat(port().deleteUser("bob")).isTrue();
        assertThat(port().deleteUser("bob")).as("already gone").isFalse();
        assertThat(port().listUsers()).extracting(AdminUserRecord::username).containsExactly("alice", "carol");
    }
}
