package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.RelayCredentialsPort;
import dev.storerelay.domain.model.UnitId;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Relay credentials in a map, counting look-ups by user name for tests that check what a service avoided. */
public final class InMemoryRelayCredentials implements RelayCredentialsPort {
    private final Map<UnitId, RelayCredential> byUnit = new LinkedHashMap<>();
    private int lookups;

    @Override
    public synchronized Optional<RelayCredential> findByUsername(String username) {
        lookups++;
        return byUnit.values().stream().filter(c -> c.username().equals(username)).findFirst();
    }

    @Override
    public synchronized Optional<RelayCredential> findByUnit(UnitId unit) {
        return Optional.ofNullable(byUnit.get(unit));
    }

    @Override
    public synchronized boolean saveCredential(RelayCredential credential) {
        boolean taken = byUnit.values().stream()
                .anyMatch(c -> c.username().equals(credential.username()) && !c.unit().equals(credential.unit()));
        if (taken) {
            return false;
        }
        byUnit.put(credential.unit(), credential);
        return true;
    }

    @Override
    public synchronized void deleteCredential(UnitId unit) {
        byUnit.remove(unit);
    }

    public synchronized boolean isEmpty() {
        return byUnit.isEmpty();
    }

    public synchronized int lookups() {
        return lookups;
    }
}
