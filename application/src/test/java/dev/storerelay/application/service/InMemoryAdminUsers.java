package dev.storerelay.application.service;

import dev.storerelay.application.port.out.AdminUsersPort;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

final class InMemoryAdminUsers implements AdminUsersPort {
    final Map<String, AdminUserRecord> users = new HashMap<>();
    int writes;
    int lookups;

    @Override
    public Optional<AdminUserRecord> findUser(String username) {
        lookups++;
        return Optional.ofNullable(users.get(username));
    }

    @Override
    public void saveUser(AdminUserRecord user) {
        writes++;
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
        writes++;
        return users.remove(username) != null;
    }
}
