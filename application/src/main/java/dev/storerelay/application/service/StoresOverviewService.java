package dev.storerelay.application.service;

import dev.storerelay.application.port.in.StoreOverview;
import dev.storerelay.application.port.in.StoreOverview.Login;
import dev.storerelay.application.port.in.StoresOverviewUseCase;
import dev.storerelay.application.port.in.StoresPage;
import dev.storerelay.application.port.in.StoresQuery;
import dev.storerelay.application.port.out.DeliverySignalPort;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.LoadStoresOverviewPort;
import dev.storerelay.application.port.out.LoadStoresOverviewPort.OwnServer;
import dev.storerelay.application.port.out.RetryDeferredMailPort;
import dev.storerelay.domain.model.AuthenticationMethod;
import dev.storerelay.domain.model.OrgTree;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.StoreMail;
import dev.storerelay.domain.model.StoreStatus;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.policy.StoreHealth;
import dev.storerelay.domain.policy.TlsPolicy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every store's status from the unit tree, the units' own servers and the per-store summaries: three reads whatever
 * the number of stores or messages, then filtering, sorting and paging in memory (a chain has thousands of stores,
 * not millions). Only the page's stores cost a look at the message table, for their oldest waiting mail.
 */
public final class StoresOverviewService implements StoresOverviewUseCase {
    private static final Duration FAILED_WINDOW = Duration.ofHours(24);
    /** The name shown for a store that no longer exists but still has waiting mail. */
    static final String REMOVED_UNIT = "(removed unit)";

    private final LoadOrgTreePort loadTree;
    private final LoadStoresOverviewPort overview;
    private final RetryDeferredMailPort queue;
    private final DeliverySignalPort deliverySignal;
    private final Clock clock;

    public StoresOverviewService(LoadOrgTreePort loadTree, LoadStoresOverviewPort overview, RetryDeferredMailPort queue,
                                 DeliverySignalPort deliverySignal, Clock clock) {
        this.loadTree = Objects.requireNonNull(loadTree, "loadTree");
        this.overview = Objects.requireNonNull(overview, "overview");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.deliverySignal = Objects.requireNonNull(deliverySignal, "deliverySignal");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public StoresPage stores(StoresQuery query) {
        OrgTree tree = loadTree.loadOrgTree();
        Map<UnitId, OwnServer> servers = overview.ownServers();
        Map<UnitId, StoreMail> mail = overview.storeMail(clock.instant().minus(FAILED_WINDOW));
        Set<UnitId> parents = tree.units().stream().map(OrgUnit::parentId).filter(Objects::nonNull).collect(Collectors.toSet());
        List<StoreOverview> all = new ArrayList<>();
        for (OrgUnit unit : tree.units()) {
            // A unit with units below it is listed too once mail was routed to it (the root, say, by the fallback rule).
            if (!parents.contains(unit.id()) || mail.containsKey(unit.id())) {
                all.add(overviewOf(tree, unit, servers, mail.getOrDefault(unit.id(), StoreMail.NONE)));
            }
        }
        // Mail still waits for a store that was removed since: it has no server, and the admin should see it.
        mail.forEach((id, storeMail) -> {
            if (!tree.contains(id) && storeMail.waiting() > 0) {
                all.add(overviewOf(tree, new OrgUnit(id, REMOVED_UNIT, null), servers, storeMail));
            }
        });
        Map<StoreStatus, Integer> byStatus = new EnumMap<>(StoreStatus.class);
        for (StoreStatus status : StoreStatus.values()) {
            byStatus.put(status, 0);
        }
        all.forEach(store -> byStatus.merge(store.status(), 1, Integer::sum));
        String search = query.search().toLowerCase(Locale.ROOT);
        List<StoreOverview> matching = all.stream()
                .filter(store -> !query.problemsOnly() || store.status().isProblem())
                .filter(store -> search.isEmpty() || store.unitId().value().toLowerCase(Locale.ROOT).contains(search)
                        || store.name().toLowerCase(Locale.ROOT).contains(search))
                .sorted(order(query.sort()))
                .toList();
        List<StoreOverview> page = matching.subList(Math.min(query.offset(), matching.size()),
                (int) Math.min((long) query.offset() + query.limit(), matching.size()));
        return new StoresPage(withOldestWaiting(page), matching.size(), byStatus);
    }

    private static StoreOverview overviewOf(OrgTree tree, OrgUnit store, Map<UnitId, OwnServer> servers, StoreMail mail) {
        OwnServer server = null;
        UnitId definedBy = null;
        for (OrgUnit unit : tree.contains(store.id()) ? tree.pathToRoot(store.id()) : List.of(store)) {
            server = servers.get(unit.id());
            if (server != null) {
                definedBy = unit.id();
                break;
            }
        }
        StoreHealth.Assessment health = StoreHealth.assess(server != null, mail);
        if (server == null) {
            return new StoreOverview(store.id(), store.name(), health.status(), health.since(), null, null, null, mail,
                    null, health.advice());
        }
        int port = server.port() != null ? server.port() : TlsPolicy.defaultPort(server.secureSocketOptions());
        Login login = server.authentication() == AuthenticationMethod.OAUTH2 ? Login.OAUTH2
                : server.login() ? Login.PASSWORD : Login.NONE;
        return new StoreOverview(store.id(), store.name(), health.status(), health.since(),
                server.serverAddress() + ":" + port, definedBy.equals(store.id()) ? null : definedBy, login, mail, null,
                health.advice());
    }

    private static Comparator<StoreOverview> order(StoresQuery.StoreSort sort) {
        Comparator<StoreOverview> byId = Comparator.comparing(StoreOverview::unitId);
        Comparator<StoreOverview> first = switch (sort) {
            case STATUS -> Comparator.comparing(StoreOverview::status)
                    .thenComparing(StoreOverview::since, Comparator.nullsLast(Comparator.naturalOrder()));
            case ID -> byId;
            case NAME -> Comparator.comparing((StoreOverview s) -> s.name().toLowerCase(Locale.ROOT));
            case QUEUED -> Comparator.comparingInt((StoreOverview s) -> s.mail().queued()).reversed();
            case DEFERRED -> Comparator.comparingInt((StoreOverview s) -> s.mail().deferred()).reversed();
            case HELD -> Comparator.comparingInt((StoreOverview s) -> s.mail().held()).reversed();
            case FAILED24H -> Comparator.comparingInt((StoreOverview s) -> s.mail().failed24h()).reversed();
        };
        return first.thenComparing(byId);
    }

    private List<StoreOverview> withOldestWaiting(List<StoreOverview> page) {
        Set<UnitId> waiting = new HashSet<>();
        page.stream().filter(store -> store.mail().waiting() > 0).forEach(store -> waiting.add(store.unitId()));
        if (waiting.isEmpty()) {
            return page;
        }
        Map<UnitId, Instant> oldest = overview.oldestWaiting(waiting);
        return page.stream().map(store -> store.withOldestWaiting(oldest.get(store.unitId()))).toList();
    }

    @Override
    public OptionalInt retryDeferred(UnitId unit) {
        Set<UnitId> stores = loadTree.loadOrgTree().subtree(unit);
        if (stores.isEmpty()) {
            return OptionalInt.empty();
        }
        int retried = queue.retryDeferred(stores, clock.instant());
        if (retried > 0) {
            deliverySignal.messagesDue();
        }
        return OptionalInt.of(retried);
    }
}
