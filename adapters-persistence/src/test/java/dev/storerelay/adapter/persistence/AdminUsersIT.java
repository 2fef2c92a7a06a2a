package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.AdminUsersPort;
import dev.storerelay.application.testing.AdminUsersPortContract;
import dev.storerelay.application.port.out.AdminUsersPort.AdminUserRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.assertj.core.api.Assertions.assertThat;

/** The database adapter of the admin users; it passes the contract the in-memory fake passes too. */
class AdminUsersIT extends AdminUsersPortContract {
    @RegisterExtension
    static final StartedDatabase DB = new StartedDatabase();
    static Database database;
    static JdbcAdminUsersAdapter users;

    @BeforeAll
    static void adapters() {
        database = DB.database();
        users = new JdbcAdminUsersAdapter(database);
    }

    @Override
    protected AdminUsersPort port() {
        return users;
    }

    @Test
    void noUsersAtFirst() {
        assertThat(users.anyUser()).isFalse();
        assertThat(users.findUser("admin")).isEmpty();
    }

    @Test
    void savedUsersAreFoundAndReplaced() {
        users.saveUser(new AdminUserRecord("admin", "pbkdf2$1$salt$hash", true));
        users.saveUser(new AdminUserRecord("viewer", "pbkdf2$1$salt$other", false));

        users.saveUser(new AdminUserRecord("admin", "pbkdf2$1$salt$new", false));

        assertThat(users.anyUser()).isTrue();
        assertThat(users.findUser("admin")).contains(new AdminUserRecord("admin", "pbkdf2$1$salt$new", false));
        assertThat(users.findUser("viewer")).contains(new AdminUserRecord("viewer", "pbkdf2$1$salt$other", false));
        assertThat(users.findUser("Admin")).isEmpty();
    }

    @Test
    void usersAreListedByNameAndRemoved() {
        users.saveUser(new AdminUserRecord("zoe", "pbkdf2$1$salt$z", false));
        users.saveUser(new AdminUserRecord("anna", "pbkdf2$1$salt$a", true));

        assertThat(users.listUsers()).extracting(AdminUserRecord::username).containsExactly("anna", "zoe");
        assertThat(users.deleteUser("zoe")).isTrue();
        assertThat(users.deleteUser("zoe")).isFalse();
        assertThat(users.listUsers()).extracting(AdminUserRecord::username).containsExactly("anna");
    }
}
