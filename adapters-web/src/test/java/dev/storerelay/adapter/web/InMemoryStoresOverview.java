package dev.storerelay.adapter.web;

import dev.storerelay.application.testing.InMemoryOrgUnits;
import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.port.out.LoadStoresOverviewPort;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.StoreMail;
import dev.storerelay.domain.model.UnitId;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The overview's reads over the in-memory units; each store's mail is what a test puts in {@link #mail}. */
final class InMemoryStoresOverview implements LoadStoresOverviewPort {
    final Map<UnitId, StoreMail> mail = new ConcurrentHashMap<>();
    final Map<UnitId, Instant> oldest = new ConcurrentHashMap<>();
    private final InMemoryOrgUnits units;
    private final InMemoryUnitSettings settings;

    InMemoryStoresOverview(InMemoryOrgUnits units, InMemoryUnitSettings settings) {
        this.units = units;
        this.settings = settings;
    }

    @Override
    public Map<UnitId, OwnServer> ownServers() {
        Map<UnitId, OwnServer> servers = new HashMap<>();
        for (OrgUnit unit : units.loadOrgTree().units()) {
            settings.loadSettings(unit.id()).ownConnection().ifPresent(c -> servers.put(unit.id(), server(c)));
        }
        return servers;
    }

    private static OwnServer server(SmtpConnection c) {
        return new OwnServer(c.serverAddress().value(), c.explicitPort().map(p -> p.value()).orElse(null),
                c.secureSocketOptions(), c.authentication(), c.login() != null);
    }

    @Override
    public Map<UnitId, StoreMail> storeMail(Instant failedSince) {
        return Map.copyOf(mail);
    }

    @Override
    public Map<UnitId, Instant> oldestWaiting(Set<UnitId> stores) {
        Map<UnitId, Instant> found = new HashMap<>(oldest);
        found.keySet().retainAll(stores);
        return found;
    }
}
