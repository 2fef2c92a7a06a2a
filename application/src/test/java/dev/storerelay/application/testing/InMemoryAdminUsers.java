package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.AdminUsersPort;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.TreeMap;

/** Admin users in a map, counting lookups and writes for tests that check what a service avoided. */
public final class InMemoryAdminUsers implements AdminUsersPort {
    private final Map<String, AdminUserRecord> users = new TreeMap<>();
    private int writes;
    private int lookups;

    @Override
    public synchronized Optional<AdminUserRecord> findUser(String username) {
        lookups++;
        return Optional.ofNullable(users.get(username));
    }

    @Override
    public synchronized void saveUser(AdminUserRecord user) {
        writes++;
        users.put(user.username(), user);
    }

    @Override
    public synchronized boolean anyUser() {
        return !users.isEmpty();
    }

    @Override
    public synchronized List<AdminUserRecord> listUsers() {
        return List.copyOf(users.values());
    }

    @Override
    public synchronized boolean deleteUser(String username) {
        writes++;
        return users.remove(username) != null;
    }

    /** The stored user, without counting a lookup. */
    @Override
    public synchronized <T> T changeExclusively(Supplier<T> change) {
        return change.get();
    }

    public synchronized AdminUserRecord stored(String username) {
        return users.get(username);
    }

    public synchronized Set<String> usernames() {
        return Set.copyOf(users.keySet());
    }

    public synchronized int writes() {
        return writes;
    }

    public synchronized int lookups() {
        return lookups;
    }
}
