package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.AdminUsersPort;
import dev.storerelay.application.testing.AdminUsersPortContract;
import dev.storerelay.application.port.out.AdminUsersPort.AdminUserRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

    @Test
    void anExclusiveChangeWaitsForAnotherToCommitAndThenSeesIt() throws Exception {
        users.saveUser(new AdminUserRecord("anna", "pbkdf2$1$salt$a", true));
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch firstMayCommit = new CountDownLatch(1);
        AtomicReference<List<String>> secondSaw = new AtomicReference<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = threads.submit(() -> users.changeExclusively(() -> {
                users.saveUser(new AdminUserRecord("bert", "pbkdf2$1$salt$b", true));
                firstInside.countDown();
                await().until(() -> firstMayCommit.getCount() == 0);
                return null;
            }));
            assertThat(firstInside.await(10, TimeUnit.SECONDS)).isTrue();
            Future<?> second = threads.submit(() -> users.changeExclusively(() -> {
                secondSaw.set(users.listUsers().stream().map(AdminUserRecord::username).toList());
                return null;
            }));

            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> secondSaw.get() == null);
            firstMayCommit.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        assertThat(secondSaw.get()).as("the second change ran after the first committed").containsExactly("anna", "bert");
    }
}
