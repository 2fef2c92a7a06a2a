package dev.storerelay.adapter.persistence;

import java.time.Duration;

import dev.storerelay.application.port.out.ConnectionPermitsPort.Permit;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionPermitsIT {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00.123456Z");
    private static final UnitId STORE = UnitId.of("s1");
    private static final UnitId OTHER = UnitId.of("s2");

    @RegisterExtension
    static final StartedDatabase DB = new StartedDatabase();

    @BeforeEach
    void stores() {
        DB.companyWithStores(STORE, OTHER);
    }

    @Test
    void aStoresCapHoldsForTwoProcessesTogetherAndAPermitGivenBackCanBeTakenByTheOther() {
        JdbcConnectionPermitsAdapter a = new JdbcConnectionPermitsAdapter(DB.database(), new PermitHolder("relay-a"), fixed(T0));
        JdbcConnectionPermitsAdapter b = new JdbcConnectionPermitsAdapter(DB.secondProcess(), new PermitHolder("relay-b"), fixed(T0));

        Optional<Permit> first = a.tryAcquire(STORE, 2);
        Optional<Permit> second = b.tryAcquire(STORE, 2);
        assertThat(first).contains(new Permit(STORE, 0));
        assertThat(second).contains(new Permit(STORE, 1));
        assertThat(a.tryAcquire(STORE, 2)).as("both permits are held").isEmpty();
        assertThat(b.tryAcquire(STORE, 2)).isEmpty();
        assertThat(b.tryAcquire(OTHER, 2)).as("each store has its own permits").contains(new Permit(OTHER, 0));

        b.release(first.get());
        assertThat(b.tryAcquire(STORE, 2)).as("only the holder gives a permit back").isEmpty();
        a.release(first.get());
        assertThat(b.tryAcquire(STORE, 2)).contains(new Permit(STORE, 0));
        assertThat(a.tryAcquire(STORE, 3)).as("a raised cap has room at once").contains(new Permit(STORE, 2));
        assertThat(a.tryAcquire(STORE, 1)).as("a lowered cap counts every permit held").isEmpty();
    }

    @Test
    void permitsLapseUnlessTheirHolderRenewsThemSoADeadProcessHoldsNoneForLong() {
        MovingClock clock = new MovingClock(T0);
        JdbcConnectionPermitsAdapter a = new JdbcConnectionPermitsAdapter(DB.database(), new PermitHolder("relay-a"), clock);
        JdbcConnectionPermitsAdapter b = new JdbcConnectionPermitsAdapter(DB.secondProcess(), new PermitHolder("relay-b"), clock);
        assertThat(a.tryAcquire(STORE, 1)).isPresent();

        clock.now = T0.plusSeconds(30);
        a.renewHeld();
        clock.now = T0.plus(JdbcConnectionPermitsAdapter.HOLD).plusSeconds(10);
        assertThat(b.tryAcquire(STORE, 1)).as("renewed 30 s ago: still held").isEmpty();

        // relay-a stops renewing, as a process that died would
        clock.now = T0.plusSeconds(30).plus(JdbcConnectionPermitsAdapter.HOLD).plusMillis(1);
        assertThat(b.tryAcquire(STORE, 1)).as("lapsed").contains(new Permit(STORE, 0));
        assertThat(holders()).containsExactly("relay-b");
    }

    @Test
    void aKilledProcessOfThisHostHoldsItsPermitsNoLongerOnceAnotherFindsItGone() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        String host = "relay-host.example";
        PermitHolder restarted = PermitHolder.thisProcess(host);
        JdbcConnectionPermitsAdapter killed = new JdbcConnectionPermitsAdapter(DB.database(),
                new PermitHolder(host + ":" + ended.pid() + ":1f"), fixed(T0));
        JdbcConnectionPermitsAdapter running = new JdbcConnectionPermitsAdapter(DB.database(),
                new PermitHolder(host + ":" + ProcessHandle.current().pid() + ":2e"), fixed(T0));
        JdbcConnectionPermitsAdapter elsewhere = new JdbcConnectionPermitsAdapter(DB.database(),
                new PermitHolder("other-host.example:" + ended.pid() + ":3d"), fixed(T0));
        assertThat(killed.tryAcquire(STORE, 1)).isPresent();
        assertThat(running.tryAcquire(OTHER, 1)).isPresent();

        JdbcConnectionPermitsAdapter next = new JdbcConnectionPermitsAdapter(DB.secondProcess(), restarted, fixed(T0));
        assertThat(next.tryAcquire(STORE, 1)).as("the ended process's permit, at once").contains(new Permit(STORE, 0));
        assertThat(next.tryAcquire(OTHER, 1)).as("a running process keeps its permit").isEmpty();

        assertThat(elsewhere.tryAcquire(OTHER, 2)).isPresent();
        JdbcConnectionPermitsAdapter third = new JdbcConnectionPermitsAdapter(DB.database(), restarted, fixed(T0));
        assertThat(third.tryAcquire(OTHER, 2)).as("another host's processes cannot be looked at: theirs lapse").isEmpty();
    }

    @Test
    void processesTakingPermitsAtOnceNeverHoldMoreThanTheCap() throws Exception {
        int cap = 3;
        int threadsPerProcess = 4;
        int roundsPerThread = 30;
        List<JdbcConnectionPermitsAdapter> processes = List.of(
                new JdbcConnectionPermitsAdapter(DB.database(), new PermitHolder("relay-a"), Clock.systemUTC()),
                new JdbcConnectionPermitsAdapter(DB.secondProcess(), new PermitHolder("relay-b"), Clock.systemUTC()));
        AtomicInteger held = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(2 * threadsPerProcess);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int t = 0; t < 2 * threadsPerProcess; t++) {
                JdbcConnectionPermitsAdapter process = processes.get(t % 2);
                Callable<Integer> taking = () -> {
                    start.await();
                    int taken = 0;
                    for (int i = 0; i < roundsPerThread; i++) {
                        Optional<Permit> permit = process.tryAcquire(STORE, cap);
                        if (permit.isPresent()) {
                            taken++;
                            mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                            assertThat(permit.get().number()).isBetween(0, cap - 1);
                            held.decrementAndGet();             // counted out before it is given back
                            process.release(permit.get());
                        }
                    }
                    return taken;
                };
                results.add(threads.submit(taking));
            }
            start.countDown();
            int taken = 0;
            for (Future<Integer> result : results) {
                taken += result.get();
            }
            assertThat(mostHeld.get()).as("permits held at once").isBetween(1, cap);
            assertThat(taken).as("permits were taken and given back over and over").isGreaterThan(roundsPerThread);
            assertThat(holders()).as("every permit given back").isEmpty();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void removingAStoreRemovesItsPermits() {
        new JdbcConnectionPermitsAdapter(DB.database(), new PermitHolder("relay-a"), fixed(T0)).tryAcquire(STORE, 1);

        new JdbcOrgUnitAdapter(DB.database(), Duration.ZERO).deleteUnit(STORE);

        assertThat(holders()).isEmpty();
    }

    private static List<String> holders() {
        List<String> holders = new ArrayList<>();
        try (Connection connection = DB.database().connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT holder FROM store_connection_permits ORDER BY store_id, permit");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                holders.add(rows.getString(1));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return holders;
    }

    private static Clock fixed(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }

    private static final class MovingClock extends Clock {
        volatile Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
