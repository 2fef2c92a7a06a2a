package dev.storerelay.adapter.web;

import dev.storerelay.application.port.out.AdminUsersPort;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Map-backed admin users. */
final class InMemoryAdminUsers implements AdminUsersPort {
    private final Map<String, AdminUserRecord> users = new ConcurrentHashMap<>();

    @Override
    public Optional<AdminUserRecord> findUser(String username) {
        return Optional.ofNullable(users.get(username));
    }

    @Override
    public void saveUser(AdminUserRecord user) {
        users.put(user.username(), user);
    }

    @Override
    public boolean anyUser() {
        return !users.isEmpty();
    }

    @Override
    public java.util.List<AdminUserRecord> listUsers() {
        return users.values().stream().sorted(java.util.Comparator.comparing(AdminUserRecord::username)).toList();
    }

    @Override
    public boolean deleteUser(String username) {
        return users.remove(username) != null;
    }
}
