package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.out.DataEndGate;

import dev.storerelay.adapter.relay.testing.FakeUpstream;
import dev.storerelay.adapter.relay.testing.TestCertificates;
import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.out.ConnectionPermitsPort;
import dev.storerelay.application.port.out.ConnectionPermitsPort.Permit;
import dev.storerelay.application.port.out.ConnectionQuota;
import dev.storerelay.application.port.out.ForwardMessagePort.ForwardResult;
import dev.storerelay.application.port.out.OutgoingMessage;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RewrittenSender;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.TlsBehaviour;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UpstreamReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Upstream connections are reused across messages with the same connection plan, checked, replaced and aged out. */
class ConnectionReuseIT {
    private static final EmailAddress STORE = new EmailAddress("store@shop.example");

    private JakartaMailForwarder forwarder;

    @AfterEach
    void close() {
        if (forwarder != null) {
            forwarder.close();
        }
    }

    private static UpstreamConfig config(Duration idleTimeout) {
        return new UpstreamConfig("relay.test", Duration.ofSeconds(5), Duration.ofSeconds(10), TestCertificates.jdkTrust(),
                UpstreamConfig.DEFAULT_MAX_IDLE_CONNECTIONS_PER_SERVER, idleTimeout, Duration.ofMinutes(5), 1000);
    }

    private static OutgoingMessage message(int port, String to) {
        return new OutgoingMessage("1", new ConnectionPlan(new ServerAddress("127.0.0.1"), port, TlsBehaviour.PLAIN, null),
                new RewrittenSender(STORE, STORE, null), List.of(new EmailAddress(to)),
                MessageContent.ofBytes("Subject: reuse\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)),
                "from test (127.0.0.1) by relay.test (store-relay) with ESMTP id 1; Tue, 24 Nov 2026 04:00:00 +0000", List.of(), null, DataEndGate.OPEN);
    }

    @Test
    void messagesWithTheSamePlanShareOneConnection() {
        forwarder = Forwarders.forwarder(config(Duration.ofSeconds(30)));
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            for (int i = 0; i < 20; i++) {
                assertThat(forwarder.forward(message(upstream.port(), "c" + i + "@example.com")).replies().get(0).reply().code()).isEqualTo(250);
            }

            assertThat(upstream.awaitMessages(20)).hasSize(20);
            assertThat(upstream.connections()).isEqualTo(1);
            assertThat(forwarder.statistics().connectionsOpened()).isEqualTo(1);
            assertThat(forwarder.statistics().messagesSent()).isEqualTo(20);
        }
    }

    @Test
    void aRefusedRecipientDoesNotCostTheConnection() {
        forwarder = Forwarders.forwarder(config(Duration.ofSeconds(30)));
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            assertThat(forwarder.forward(message(upstream.port(), "reject-me@example.com")).replies().get(0).reply().code()).isEqualTo(550);
            assertThat(forwarder.forward(message(upstream.port(), "ok@example.com")).replies().get(0).reply().code()).isEqualTo(250);

            assertThat(upstream.connections()).isEqualTo(1);
        }
    }

    @Test
    void aBrokenIdleConnectionIsReplaced() {
        AtomicLong nanos = new AtomicLong();
        forwarder = Forwarders.with(config(Duration.ofSeconds(30))).nanoTime(nanos::get).build();
        int port;
        try (FakeUpstream first = FakeUpstream.plain()) {
            port = first.port();
            assertThat(forwarder.forward(message(port, "before@example.com")).replies().get(0).reply().code()).isEqualTo(250);
        }
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());         // idle long enough to be checked before reuse
        try (FakeUpstream restarted = FakeUpstream.plainOn(port)) {
            assertThat(forwarder.forward(message(port, "after@example.com")).replies().get(0).reply().code()).isEqualTo(250);

            assertThat(restarted.awaitMessages(1).get(0).recipients()).containsExactly("after@example.com");
            assertThat(forwarder.statistics().connectionsOpened()).isEqualTo(2);
        }
    }

    @Test
    void aConnectionUsedAMomentAgoIsReusedWithoutACheck() {
        AtomicLong nanos = new AtomicLong();
        forwarder = Forwarders.with(config(Duration.ofSeconds(30))).nanoTime(nanos::get).build();
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            forwarder.forward(message(upstream.port(), "one@example.com"));
            nanos.addAndGet(Duration.ofMillis(200).toNanos());
            forwarder.forward(message(upstream.port(), "two@example.com"));

            assertThat(upstream.awaitMessages(2)).hasSize(2);
            assertThat(upstream.connections()).isEqualTo(1);
        }
    }

    @Test
    void idleConnectionsAreClosedAfterTheIdleTimeout() {
        forwarder = Forwarders.forwarder(config(Duration.ofMillis(200)));
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            forwarder.forward(message(upstream.port(), "one@example.com"));
            assertThat(forwarder.statistics().idleConnections()).isEqualTo(1);

            await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.statistics().idleConnections() == 0);
            forwarder.forward(message(upstream.port(), "two@example.com"));
            assertThat(upstream.connections()).isEqualTo(2);
        }
    }

    @Test
    void differentPlansNeverShareAConnection() {
        forwarder = Forwarders.forwarder(config(Duration.ofSeconds(30)));
        try (FakeUpstream a = FakeUpstream.plain(); FakeUpstream b = FakeUpstream.plain()) {
            forwarder.forward(message(a.port(), "x@example.com"));
            forwarder.forward(message(b.port(), "y@example.com"));
            forwarder.forward(message(a.port(), "z@example.com"));

            assertThat(a.connections()).isEqualTo(1);
            assertThat(b.connections()).isEqualTo(1);
            assertThat(a.awaitMessages(2)).extracting(r -> r.recipients().get(0)).containsExactly("x@example.com", "z@example.com");
        }
    }

    @Test
    void aStoreWithItsOwnCapOpensItsOwnConnectionsOnlyWithPermitsAndGivesThemBackWhenTheyClose() {
        StorePermits permits = new StorePermits();
        forwarder = Forwarders.with(config(Duration.ofSeconds(30))).permits(permits).build();
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            Permit heldElsewhere = permits.tryAcquire(CAPPED, 1).orElseThrow();      // another relay process's

            ForwardResult waiting = forwarder.forward(capped(upstream.port(), "a@example.com", 1));
            assertThat(waiting.sent()).isFalse();
            assertThat(waiting.notSentBecause()).contains("store capped has its 1 upstream connection(s) open");
            assertThat(upstream.connections()).as("no connection without a permit").isZero();

            permits.release(heldElsewhere);
            assertThat(forwarder.forward(capped(upstream.port(), "b@example.com", 1)).replies().get(0).reply().code()).isEqualTo(250);
            assertThat(forwarder.forward(capped(upstream.port(), "c@example.com", 1)).replies().get(0).reply().code()).isEqualTo(250);
            assertThat(permits.held(CAPPED)).as("the idle connection keeps its permit").isEqualTo(1);
            assertThat(permits.tryAcquire(CAPPED, 1)).as("so another process gets none").isEmpty();
            assertThat(upstream.connections()).isEqualTo(1);

            // Same server and login, but not the capped store's: its connection is not shared either way.
            assertThat(forwarder.forward(message(upstream.port(), "d@example.com")).replies().get(0).reply().code()).isEqualTo(250);
            assertThat(upstream.connections()).isEqualTo(2);
            assertThat(upstream.awaitMessages(3)).extracting(r -> r.recipients().get(0))
                    .containsExactly("b@example.com", "c@example.com", "d@example.com");

            forwarder.close();
            assertThat(permits.held(CAPPED)).as("closing the connection gave the permit back").isZero();
        }
    }

    @Test
    void aCappedStoresIdleConnectionWithItsFormerSettingsMakesWayForOneWithTheNewSettings() {
        StorePermits permits = new StorePermits();
        forwarder = Forwarders.with(config(Duration.ofSeconds(30))).permits(permits).build();
        try (FakeUpstream before = FakeUpstream.plain(); FakeUpstream after = FakeUpstream.plain()) {
            assertThat(forwarder.forward(capped(before.port(), "a@example.com", 1)).replies().get(0).reply().code()).isEqualTo(250);
            assertThat(forwarder.statistics().idleConnections()).isEqualTo(1);

            // The admin points the store at another server: the idle connection to the old one holds the only permit.
            ForwardResult moved = forwarder.forward(capped(after.port(), "b@example.com", 1));

            assertThat(moved.sent()).isTrue();
            assertThat(moved.replies().get(0).reply().code()).isEqualTo(250);
            assertThat(after.awaitMessages(1).get(0).recipients()).containsExactly("b@example.com");
            assertThat(forwarder.statistics().idleConnections()).as("the old connection was closed").isEqualTo(1);
            assertThat(permits.held(CAPPED)).isEqualTo(1);
        }
    }

    @Test
    void aConnectionThatCannotBeOpenedGivesItsPermitBack() throws Exception {
        StorePermits permits = new StorePermits();
        forwarder = Forwarders.with(config(Duration.ofSeconds(30))).permits(permits).build();
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        ForwardResult failed = forwarder.forward(capped(closedPort, "a@example.com", 1));

        assertThat(failed.sent()).isTrue();
        assertThat(failed.replies().get(0).reply().code()).isEqualTo(UpstreamReply.NO_REPLY);
        assertThat(permits.held(CAPPED)).isZero();
    }

    private static final UnitId CAPPED = UnitId.of("capped");

    private static OutgoingMessage capped(int port, String to, int maxConnections) {
        OutgoingMessage m = message(port, to);
        return new OutgoingMessage(m.queueId(), m.plan(), m.sender(), m.recipients(), m.content(), m.receivedHeader(),
                m.removeHeaders(), new ConnectionQuota(CAPPED, maxConnections), DataEndGate.OPEN);
    }

    /** Permits in memory, as the database keeps them for every process. */
    private static final class StorePermits implements ConnectionPermitsPort {
        private final Map<UnitId, Set<Integer>> held = new HashMap<>();

        @Override
        public synchronized Optional<Permit> tryAcquire(UnitId store, int cap) {
            Set<Integer> numbers = held.computeIfAbsent(store, s -> new HashSet<>());
            for (int number = 0; number < cap; number++) {
                if (numbers.add(number)) {
                    return Optional.of(new Permit(store, number));
                }
            }
            return Optional.empty();
        }

        @Override
        public synchronized void release(Permit permit) {
            held.getOrDefault(permit.store(), new HashSet<>()).remove(permit.number());
        }

        @Override
        public void renewHeld() {
        }

        synchronized int held(UnitId store) {
            return held.getOrDefault(store, Set.of()).size();
        }
    }
}
