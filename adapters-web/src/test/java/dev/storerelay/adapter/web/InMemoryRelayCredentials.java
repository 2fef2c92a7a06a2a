package dev.storerelay.adapter.web;

import dev.storerelay.application.port.out.RelayCredentialsPort;
import dev.storerelay.domain.model.UnitId;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Map-backed relay credentials: one per unit, user names unique across units. */
final class InMemoryRelayCredentials implements RelayCredentialsPort {
    private final Map<UnitId, RelayCredential> byUnit = new ConcurrentHashMap<>();

    @Override
    public Optional<RelayCredential> findByUsername(String username) {
        return byUnit.values().stream().filter(c -> c.username().equals(username)).findFirst();
    }

    @Override
    public Optional<RelayCredential> findByUnit(UnitId unit) {
        return Optional.ofNullable(byUnit.get(unit));
    }

    @Override
    public synchronized boolean saveCredential(RelayCredential credential) {
        if (findByUsername(credential.username()).filter(c -> !c.unit().equals(credential.unit())).isPresent()) {
            return false;
        }
        byUnit.put(credential.unit(), credential);
        return true;
    }

    @Override
    public void deleteCredential(UnitId unit) {
        byUnit.remove(unit);
    }
}
