package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.AdminUsersPort;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The admin users in table {@code admin_users}. */
final class JdbcAdminUsersAdapter implements AdminUsersPort {
    private final Database database;

    JdbcAdminUsersAdapter(Database database) {
        this.database = database;
    }

    @Override
    public Optional<AdminUserRecord> findUser(String username) {
        return Jdbc.withConnection(database, "load an admin user", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT username, password_hash, can_setup FROM admin_users WHERE username = ?")) {
                select.setString(1, username);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new AdminUserRecord(rows.getString("username"), rows.getString("password_hash"),
                            rows.getBoolean("can_setup")));
                }
            }
        });
    }

    @Override
    public void saveUser(AdminUserRecord user) {
        Jdbc.withConnection(database, "save admin user " + user.username(), connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO admin_users (username, password_hash, can_setup) VALUES (?, ?, ?) "
                            + "ON DUPLICATE KEY UPDATE password_hash = VALUES(password_hash), can_setup = VALUES(can_setup)")) {
                upsert.setString(1, user.username());
                upsert.setString(2, user.passwordHash());
                upsert.setBoolean(3, user.canSetup());
                upsert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<AdminUserRecord> listUsers() {
        return Jdbc.withConnection(database, "list the admin users", connection -> {
            List<AdminUserRecord> users = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT username, password_hash, can_setup FROM admin_users ORDER BY username");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    users.add(new AdminUserRecord(rows.getString("username"), rows.getString("password_hash"),
                            rows.getBoolean("can_setup")));
                }
            }
            return users;
        });
    }

    @Override
    public boolean deleteUser(String username) {
        return Jdbc.withConnection(database, "remove admin user " + username, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM admin_users WHERE username = ?")) {
                delete.setString(1, username);
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean anyUser() {
        return Jdbc.withConnection(database, "look for admin users", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM admin_users LIMIT 1");
                 ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        });
    }
}
