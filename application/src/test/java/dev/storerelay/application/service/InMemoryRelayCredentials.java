package dev.storerelay.application.service;

import dev.storerelay.application.port.out.RelayCredentialsPort;
import dev.storerelay.domain.model.UnitId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Map-backed relay credentials: one per unit, user names unique across units, as the port promises. */
final class InMemoryRelayCredentials implements RelayCredentialsPort {
    final Map<UnitId, RelayCredential> byUnit = new LinkedHashMap<>();
    int lookups;

    @Override
    public Optional<RelayCredential> findByUsername(String username) {
        lookups++;
        return byUnit.values().stream().filter(c -> c.username().equals(username)).findFirst();
    }

    @Override
    public Optional<RelayCredential> findByUnit(UnitId unit) {
        return Optional.ofNullable(byUnit.get(unit));
    }

    @Override
    public boolean saveCredential(RelayCredential credential) {
        boolean taken = byUnit.values().stream()
                .anyMatch(c -> c.username().equals(credential.username()) && !c.unit().equals(credential.unit()));
        if (taken) {
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
