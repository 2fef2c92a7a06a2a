package dev.storerelay.adapter.persistence;

import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.policy.DeliveryPacer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class SendSlotsIT {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00.123456Z");
    private static final UnitId STORE = UnitId.of("s1");
    private static final UnitId OTHER = UnitId.of("s2");
    private static final RateLimit THIRTY = new RateLimit(30);
    private static final Duration SPACING = DeliveryPacer.spacing(THIRTY);

    @RegisterExtension
    static final StartedDatabase DB = new StartedDatabase();
    static JdbcSendSlotsAdapter slots;

    @BeforeAll
    static void adapters() {
        slots = new JdbcSendSlotsAdapter(DB.database());
    }

    @BeforeEach
    void stores() {
        DB.companyWithStores(STORE, OTHER);
    }

    @Test
    void slotsFollowOneAnotherAtTheLimitsSpacingAndAStoreThatWasIdleGoesAtOnce() {
        assertThat(slots.reserve(STORE, THIRTY, T0)).isEqualTo(T0);
        assertThat(slots.reserve(STORE, THIRTY, T0)).isEqualTo(T0.plus(SPACING));
        assertThat(slots.reserve(STORE, THIRTY, T0.plusMillis(10))).isEqualTo(T0.plus(SPACING.multipliedBy(2)));
        assertThat(slots.reserve(OTHER, THIRTY, T0)).as("each store has its own slots").isEqualTo(T0);

        Instant later = T0.plusSeconds(60);
        assertThat(slots.reserve(STORE, THIRTY, later)).as("slots that passed unused are not made up for").isEqualTo(later);
        assertThat(slots.reserve(STORE, THIRTY, later)).isEqualTo(later.plus(SPACING));
    }

    @Test
    void twoProcessesReservingAtOnceNeverShareASlot() throws Exception {
        JdbcSendSlotsAdapter other = new JdbcSendSlotsAdapter(DB.secondProcess());
        int threadsPerProcess = 4;
        int reservationsPerThread = 25;
        ExecutorService threads = Executors.newFixedThreadPool(2 * threadsPerProcess);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Instant>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < 2 * threadsPerProcess; t++) {
                JdbcSendSlotsAdapter process = t % 2 == 0 ? slots : other;
                Callable<List<Instant>> reserving = () -> {
                    start.await();
                    List<Instant> mine = new ArrayList<>();
                    for (int i = 0; i < reservationsPerThread; i++) {
                        mine.add(process.reserve(STORE, THIRTY, T0));
                    }
                    return mine;
                };
                results.add(threads.submit(reserving));
            }
            start.countDown();
            List<Instant> all = new ArrayList<>();
            for (Future<List<Instant>> result : results) {
                all.addAll(result.get());
            }

            int total = 2 * threadsPerProcess * reservationsPerThread;
            List<Instant> expected = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                expected.add(T0.plus(SPACING.multipliedBy(i)));
            }
            assertThat(all).as("every slot once, one spacing apart, none skipped").containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void removingAStoreRemovesItsSlots() throws Exception {
        slots.reserve(STORE, THIRTY, T0);

        new JdbcOrgUnitAdapter(DB.database(), Duration.ZERO).deleteUnit(STORE);

        try (Connection connection = DB.database().connection();
             PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM store_send_slots");
             ResultSet rows = select.executeQuery()) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isZero();
        }
    }
}
