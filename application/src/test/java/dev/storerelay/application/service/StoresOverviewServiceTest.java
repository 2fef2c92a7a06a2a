package dev.storerelay.application.service;

import dev.storerelay.application.testing.MutableClock;
import dev.storerelay.application.testing.CountingSignal;
import dev.storerelay.application.testing.InMemoryMessageQueue;
import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.testing.InMemoryOrgUnits;
import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.in.StoreOverview;
import dev.storerelay.application.port.in.StoresPage;
import dev.storerelay.application.port.in.StoresQuery;
import dev.storerelay.application.port.in.StoresQuery.StoreSort;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryAttempt.RecipientOutcome;
import dev.storerelay.application.port.out.LoadStoresOverviewPort;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.domain.model.AuthenticationMethod;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.StoreMail;
import dev.storerelay.domain.model.StoreOutcome;
import dev.storerelay.domain.model.StoreStatus;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UpstreamReply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

class StoresOverviewServiceTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private final InMemoryOrgUnits units = new InMemoryOrgUnits(new InMemoryUnitSettings())
            .with("chain", "Chain", null)
            .with("north", "Region North", "chain")
            .with("south", "Region South", "chain")
            .with("n1", "Hamburg", "north")
            .with("n2", "Kiel", "north")
            .with("s1", "Munich", "south")
            .with("s2", "Augsburg", "south");
    private final FakeOverview overview = new FakeOverview();
    private final InMemoryMessageQueue queue = new InMemoryMessageQueue();
    private final CountingSignal signal = new CountingSignal();
    private final MutableClock clock = new MutableClock(T0);
    private final StoresOverviewService service = new StoresOverviewService(units, overview, queue, signal, clock);

    /** The overview's reads as a test sets them, remembering which stores' oldest mail was asked for. */
    private static final class FakeOverview implements LoadStoresOverviewPort {
        final Map<UnitId, OwnServer> servers = new HashMap<>();
        final Map<UnitId, StoreMail> mail = new HashMap<>();
        final Map<UnitId, Instant> oldest = new HashMap<>();
        final Set<UnitId> askedForOldest = new HashSet<>();
        Instant failedSince;

        @Override
        public Map<UnitId, OwnServer> ownServers() {
            return servers;
        }

        @Override
        public Map<UnitId, StoreMail> storeMail(Instant failedSince) {
            this.failedSince = failedSince;
            return mail;
        }

        @Override
        public Map<UnitId, Instant> oldestWaiting(Set<UnitId> stores) {
            askedForOldest.addAll(stores);
            Map<UnitId, Instant> found = new HashMap<>(oldest);
            found.keySet().retainAll(stores);
            return found;
        }
    }

    private static StoresQuery all(StoreSort sort) {
        return new StoresQuery(false, "", sort, 100, 0);
    }

    private static StoreMail waiting(int queued, int deferred, int failed24h, int failures) {
        return new StoreMail(queued, deferred, 0, failed24h, failures > 0 ? StoreOutcome.DEFERRED : null,
                failures > 0 ? T0 : null, failures > 0 ? T0 : null, failures, failures > 0 ? T0.minusSeconds(600) : null,
                failures > 0 ? "451 4.3.0 try later" : null);
    }

    private StoreOverview store(StoresPage page, String id) {
        return page.stores().stream().filter(s -> s.unitId().value().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void onlyLeafUnitsAreStoresAndEachShowsTheServerItInheritsAndFromWhom() {
        overview.servers.put(UnitId.of("north"), new LoadStoresOverviewPort.OwnServer("smtp.north.example", null,
                SecureSocketOptions.START_TLS, AuthenticationMethod.PASSWORD, true));
        overview.servers.put(UnitId.of("n2"), new LoadStoresOverviewPort.OwnServer("smtp.kiel.example", 465,
                SecureSocketOptions.SSL_ON_CONNECT, AuthenticationMethod.OAUTH2, true));

        StoresPage page = service.stores(all(StoreSort.ID));

        assertThat(page.stores()).extracting(s -> s.unitId().value()).containsExactly("n1", "n2", "s1", "s2");
        StoreOverview hamburg = store(page, "n1");
        assertThat(hamburg.server()).as("the conventional port of StartTLS").isEqualTo("smtp.north.example:25");
        assertThat(hamburg.inheritedFrom()).isEqualTo(UnitId.of("north"));
        assertThat(hamburg.authentication()).isEqualTo(StoreOverview.Login.PASSWORD);
        assertThat(hamburg.status()).isEqualTo(StoreStatus.OK);
        StoreOverview kiel = store(page, "n2");
        assertThat(kiel.server()).isEqualTo("smtp.kiel.example:465");
        assertThat(kiel.inherited()).isFalse();
        assertThat(kiel.authentication()).isEqualTo(StoreOverview.Login.OAUTH2);
        StoreOverview munich = store(page, "s1");
        assertThat(munich.status()).isEqualTo(StoreStatus.HELD_NO_SERVER);
        assertThat(munich.server()).isNull();
        assertThat(munich.authentication()).isNull();
        assertThat(page.byStatus()).containsEntry(StoreStatus.OK, 2).containsEntry(StoreStatus.HELD_NO_SERVER, 2)
                .containsEntry(StoreStatus.FAILING, 0);
        assertThat(overview.failedSince).as("failed mail of the last 24 hours").isEqualTo(T0.minus(Duration.ofHours(24)));
    }

    @Test
    void aUnitAboveStoresIsListedOnceMailWasRoutedToItAndARemovedStoresWaitingMailToo() {
        overview.mail.put(UnitId.of("chain"), waiting(1, 0, 0, 0));
        overview.mail.put(UnitId.of("closed"), waiting(0, 0, 0, 0).withFailed24h(1));
        overview.mail.put(UnitId.of("gone"), new StoreMail(0, 0, 2, 0, StoreOutcome.HELD, T0, T0, 0, null, null));

        StoresPage page = service.stores(all(StoreSort.ID));

        assertThat(page.stores()).extracting(s -> s.unitId().value())
                .containsExactly("chain", "gone", "n1", "n2", "s1", "s2");
        assertThat(store(page, "gone").name()).isEqualTo(StoresOverviewService.REMOVED_UNIT);
        assertThat(store(page, "gone").status()).isEqualTo(StoreStatus.HELD_NO_SERVER);
        assertThat(store(page, "gone").mail().held()).isEqualTo(2);
    }

    @Test
    void theStatusOrderPutsTheMostUrgentFirstAndProblemsOnlyLeavesOutOk() {
        overview.servers.put(UnitId.of("chain"), new LoadStoresOverviewPort.OwnServer("smtp.example", 587,
                SecureSocketOptions.START_TLS, AuthenticationMethod.PASSWORD, false));
        overview.mail.put(UnitId.of("n2"), waiting(0, 1, 0, 1));
        overview.mail.put(UnitId.of("s2"), waiting(0, 2, 0, 3));

        StoresPage page = service.stores(all(StoreSort.STATUS));
        assertThat(page.stores()).extracting(s -> s.unitId().value()).containsExactly("s2", "n2", "n1", "s1");
        assertThat(store(page, "s2").status()).isEqualTo(StoreStatus.FAILING);
        assertThat(store(page, "n1").authentication()).isEqualTo(StoreOverview.Login.NONE);

        StoresPage problems = service.stores(new StoresQuery(true, "", StoreSort.STATUS, 100, 0));
        assertThat(problems.stores()).extracting(s -> s.status()).containsExactly(StoreStatus.FAILING, StoreStatus.DEFERRED);
        assertThat(problems.matching()).isEqualTo(2);
        assertThat(problems.byStatus()).as("the whole chain, whatever the filter").containsEntry(StoreStatus.OK, 2);
    }

    @Test
    void searchMatchesPartOfTheIdOrTheNameInAnyCase() {
        assertThat(service.stores(new StoresQuery(false, "MUN", StoreSort.ID, 100, 0)).stores())
                .extracting(s -> s.unitId().value()).containsExactly("s1");
        assertThat(service.stores(new StoresQuery(false, "n", StoreSort.ID, 100, 0)).stores())
                .as("n1 and n2 by id, Munich by name").extracting(s -> s.unitId().value())
                .containsExactly("n1", "n2", "s1");
        assertThat(service.stores(new StoresQuery(false, "nowhere", StoreSort.ID, 100, 0)).matching()).isZero();
    }

    @Test
    void countsSortFromMostToFewestAndPagesCutTheSortedList() {
        overview.mail.put(UnitId.of("n1"), waiting(1, 0, 5, 0));
        overview.mail.put(UnitId.of("s1"), waiting(7, 0, 2, 0));
        overview.mail.put(UnitId.of("s2"), waiting(3, 0, 9, 0));

        assertThat(service.stores(all(StoreSort.QUEUED)).stores()).extracting(s -> s.unitId().value())
                .containsExactly("s1", "s2", "n1", "n2");
        assertThat(service.stores(all(StoreSort.FAILED24H)).stores()).extracting(s -> s.unitId().value())
                .containsExactly("s2", "n1", "s1", "n2");
        StoresPage second = service.stores(new StoresQuery(false, "", StoreSort.NAME, 2, 2));
        assertThat(second.stores()).extracting(StoreOverview::name).containsExactly("Kiel", "Munich");
        assertThat(second.matching()).isEqualTo(4);
        assertThat(service.stores(new StoresQuery(false, "", StoreSort.NAME, 2, 10)).stores()).isEmpty();
    }

    @Test
    void theOldestWaitingMailIsAskedForOnlyForThePagesStoresThatHaveWaitingMail() {
        overview.mail.put(UnitId.of("n1"), waiting(2, 0, 0, 0));
        overview.mail.put(UnitId.of("s2"), waiting(4, 0, 0, 0));
        overview.oldest.put(UnitId.of("n1"), T0.minusSeconds(90));
        overview.oldest.put(UnitId.of("s2"), T0.minusSeconds(30));

        StoresPage page = service.stores(new StoresQuery(false, "", StoreSort.ID, 2, 0));

        assertThat(store(page, "n1").oldestWaiting()).isEqualTo(T0.minusSeconds(90));
        assertThat(store(page, "n2").oldestWaiting()).isNull();
        assertThat(overview.askedForOldest).containsExactly(UnitId.of("n1"));
    }

    @Test
    void retryingTheDeferredMailOfAUnitTakesInItsWholeSubtreeAndWakesTheDelivery() {
        MessageId deferred = queue.enqueue(new NewMessage(UnitId.of("n1"), RoutingReason.STORE_HEADER, "header", null,
                List.of(new EmailAddress("a@example.org")), null, MessageContent.ofBytes(new byte[] {'x'}), "erp",
                "127.0.0.1", T0));
        queue.claimDue(T0, 1, "w", T0.plusSeconds(60));
        queue.recordAttempt(new DeliveryAttempt(deferred, T0, List.of(new RecipientOutcome(new EmailAddress("a@example.org"),
                RecipientStatus.PENDING, new UpstreamReply(451, "4.3.0 later"))), T0.plusSeconds(3600), false, true, "deferred"), "w");

        assertThat(service.retryDeferred(UnitId.of("south"))).hasValue(0);
        assertThat(signal.count()).as("nothing to wake for").isZero();
        assertThat(service.retryDeferred(UnitId.of("north"))).hasValue(1);
        assertThat(signal.count()).isEqualTo(1);
        assertThat(service.retryDeferred(UnitId.of("nowhere"))).isEmpty();
    }
}
