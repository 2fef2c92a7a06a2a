package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.AdminUsersPort;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The admin users in table {@code admin_users}. */
final class JdbcAdminUsersAdapter implements AdminUsersPort {
    private static final String SELECT = "SELECT username, password_hash, can_setup FROM admin_users";
    private static final RowMapper<AdminUserRecord> USER = (rows, context) -> new AdminUserRecord(
            rows.getString("username"), rows.getString("password_hash"), rows.getBoolean("can_setup"));

    private final Database database;

    JdbcAdminUsersAdapter(Database database) {
        this.database = database;
    }

    @Override
    public Optional<AdminUserRecord> findUser(String username) {
        return Jdbc.withHandle(database, "load an admin user", handle -> handle
                .createQuery(SELECT + " WHERE username = ?")
                .bind(0, username)
                .map(USER)
                .findFirst());
    }

    @Override
    public void saveUser(AdminUserRecord user) {
        Jdbc.withHandle(database, "save admin user " + user.username(), handle -> handle
                .createUpdate("INSERT INTO admin_users (username, password_hash, can_setup) VALUES (?, ?, ?) "
                        + "ON DUPLICATE KEY UPDATE password_hash = VALUES(password_hash), can_setup = VALUES(can_setup)")
                .bind(0, user.username())
                .bind(1, user.passwordHash())
                .bind(2, user.canSetup())
                .execute());
    }

    @Override
    public List<AdminUserRecord> listUsers() {
        return Jdbc.withHandle(database, "list the admin users", handle -> handle
                .createQuery(SELECT + " ORDER BY username")
                .map(USER)
                .list());
    }

    @Override
    public boolean deleteUser(String username) {
        return Jdbc.withHandle(database, "remove admin user " + username, handle -> handle
                .createUpdate("DELETE FROM admin_users WHERE username = ?")
                .bind(0, username)
                .execute() == 1);
    }

    @Override
    public boolean anyUser() {
        return Jdbc.withHandle(database, "look for admin users", handle -> handle
                .createQuery("SELECT 1 FROM admin_users LIMIT 1")
                .mapTo(Integer.class)
                .findFirst()
                .isPresent());
    }

    @Override
    public <T> T changeExclusively(Supplier<T> change) {
        return database.inOneTransaction(() -> {
            // Every row, read for update: a change waits for another process's change to commit, then sees it.
            Jdbc.withHandle(database, "lock the admin users", handle -> handle
                    .createQuery("SELECT username FROM admin_users FOR UPDATE")
                    .mapTo(String.class)
                    .list());
            return change.get();
        });
    }
}
