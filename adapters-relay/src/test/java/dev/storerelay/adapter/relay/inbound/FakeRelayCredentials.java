package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.application.port.in.AuthenticateRelayClientUseCase;
import dev.storerelay.application.port.in.AuthenticationResult;
import dev.storerelay.domain.model.UnitId;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Relay credentials in a map; records every attempted user name (never needed: the password). */
final class FakeRelayCredentials implements AuthenticateRelayClientUseCase {
    private final Map<String, Map.Entry<String, UnitId>> byUser = new ConcurrentHashMap<>();
    private final List<String> attempts = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    FakeRelayCredentials with(String username, String password, String unit) {
        byUser.put(username, Map.entry(password, UnitId.of(unit)));
        return this;
    }

    @Override
    public AuthenticationResult<UnitId> authenticateRelayClient(String username, String password, String clientAddress) {
        attempts.add(username);
        threads.add(Thread.currentThread().getName());
        Map.Entry<String, UnitId> entry = username == null ? null : byUser.get(username);
        return entry != null && Objects.equals(entry.getKey(), password)
                ? new AuthenticationResult.Authenticated<>(entry.getValue())
                : new AuthenticationResult.Refused<>();
    }

    List<String> attempts() {
        return List.copyOf(attempts);
    }

    /** The threads the use case ran on: never an event loop. */
    List<String> threads() {
        return List.copyOf(threads);
    }
}
