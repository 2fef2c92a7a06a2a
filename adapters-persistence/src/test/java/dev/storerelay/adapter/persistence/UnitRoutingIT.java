package dev.storerelay.adapter.persistence;

import java.time.Duration;

import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.application.testing.UnitRoutingPortContract;
import dev.storerelay.domain.model.ClientNetwork;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RoutingTable;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The database adapter of the routing rules; it passes the contract the in-memory fake passes too. */
class UnitRoutingIT extends UnitRoutingPortContract {
    @RegisterExtension
    static final StartedDatabase DB = new StartedDatabase();
    static JdbcUnitRoutingAdapter routing;

    private static final UnitId S1 = UnitId.of("s1");
    private static final UnitId S2 = UnitId.of("s2");

    @BeforeAll
    static void adapter() {
        routing = new JdbcUnitRoutingAdapter(DB.database(), Duration.ZERO);
    }

    @Override
    protected UnitRoutingPort port() {
        return routing;
    }

    @BeforeEach
    void tree() {
        DB.companyWithStores(S1, S2);
    }

    @Test
    void nothingStoredGivesAnEmptyTable() {
        assertThat(routing.loadRoutingTable().routings()).isEmpty();
        assertThat(routing.loadRouting(S1)).isEqualTo(UnitRouting.none(S1));
    }

    @Test
    void rulesRoundTripInTheirOrder() {
        UnitRouting s1 = rules(S1, List.of("erp@legacy.local", "@legacy.local", "ERP@other.local"),
                List.of("192.0.2.7", "10.1.0.0/16", "2001:db8::/32", "::ffff:10.9.0.0/112"));
        UnitRouting s2 = rules(S2, List.of("erp@other.local"), List.of());

        assertThat(routing.saveRouting(s1)).isTrue();
        assertThat(routing.saveRouting(s2)).isTrue();

        assertThat(routing.loadRouting(S1)).isEqualTo(s1);
        assertThat(routing.loadRouting(S2)).isEqualTo(s2);
        RoutingTable table = routing.loadRoutingTable();
        assertThat(table.routings()).containsExactly(s1, s2);
        assertThat(table.bySender(new EmailAddress("erp@other.local")).orElseThrow().unit()).isEqualTo(S2);
        assertThat(table.bySender(new EmailAddress("ERP@other.local")).orElseThrow().unit()).isEqualTo(S1);
        assertThat(table.byClientAddress("::ffff:10.9.1.1").orElseThrow().unit()).isEqualTo(S1);
    }

    @Test
    void savingReplacesAndEmptyListsRemove() {
        routing.saveRouting(rules(S1, List.of("@legacy.local"), List.of("10.1.0.0/16")));

        routing.saveRouting(rules(S1, List.of("@new.local"), List.of()));
        assertThat(routing.loadRouting(S1)).isEqualTo(rules(S1, List.of("@new.local"), List.of()));

        routing.saveRouting(UnitRouting.none(S1));
        assertThat(routing.loadRouting(S1)).isEqualTo(UnitRouting.none(S1));
        assertThat(routing.saveRouting(rules(S2, List.of("@legacy.local"), List.of("10.1.0.0/16")))).isTrue();
    }

    @Test
    void anEntryOfAnotherUnitIsRefusedAndNothingChanges() {
        UnitRouting before = rules(S1, List.of("@mine.local"), List.of("10.2.0.0/16"));
        routing.saveRouting(before);
        routing.saveRouting(rules(S2, List.of("@legacy.local"), List.of("10.1.0.0/16")));

        assertThat(routing.saveRouting(rules(S1, List.of("@other.local"), List.of("10.3.0.0/16", "10.1.0.0/16")))).isFalse();
        assertThat(routing.saveRouting(rules(S1, List.of("@legacy.local"), List.of()))).isFalse();

        assertThat(routing.loadRouting(S1)).isEqualTo(before);
        assertThat(routing.loadRoutingTable().ownerOf(ClientNetwork.parse("10.1.0.0/16").orElseThrow())).contains(S2);
    }

    @Test
    void patternsAreCaseSensitiveInTheLocalPartOnly() {
        assertThat(routing.saveRouting(rules(S1, List.of("erp@legacy.local"), List.of()))).isTrue();
        assertThat(routing.saveRouting(rules(S2, List.of("ERP@legacy.local"), List.of()))).isTrue();
        assertThat(routing.saveRouting(rules(S2, List.of("erp@LEGACY.local"), List.of()))).isFalse();
    }

    @Test
    void removingAUnitRemovesItsRules() {
        routing.saveRouting(rules(S2, List.of("@legacy.local"), List.of("10.1.0.0/16")));

        DB.units().deleteUnit(S2);

        assertThat(routing.loadRoutingTable().routings()).isEmpty();
        assertThat(routing.saveRouting(rules(S1, List.of("@legacy.local"), List.of("10.1.0.0/16")))).isTrue();
    }

    @Test
    void ofTwoConcurrentClaimsOnOneNetworkExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                routing.saveRouting(UnitRouting.none(S1));
                routing.saveRouting(UnitRouting.none(S2));
                CountDownLatch start = new CountDownLatch(1);
                String network = "10.10." + round + ".0/24";
                Callable<Boolean> s1 = () -> {
                    start.await();
                    return routing.saveRouting(rules(S1, List.of(), List.of(network)));
                };
                Callable<Boolean> s2 = () -> {
                    start.await();
                    return routing.saveRouting(rules(S2, List.of(), List.of(network)));
                };
                Future<Boolean> first = pool.submit(s1);
                Future<Boolean> second = pool.submit(s2);
                start.countDown();
                assertThat(first.get(30, TimeUnit.SECONDS) ^ second.get(30, TimeUnit.SECONDS)).as("round " + round).isTrue();
                assertThat(routing.loadRoutingTable().routings()).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
