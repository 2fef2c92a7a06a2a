package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryAttempt.RecipientOutcome;
import dev.storerelay.application.port.out.LoadStoresOverviewPort.OwnServer;
import dev.storerelay.domain.model.AuthenticationMethod;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.StoreMail;
import dev.storerelay.domain.model.StoreOutcome;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import dev.storerelay.domain.model.UpstreamReply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static dev.storerelay.adapter.persistence.TestMessages.OK;
import static dev.storerelay.adapter.persistence.TestMessages.delivered;
import static dev.storerelay.adapter.persistence.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The per-store summary rows move with the mail, in the same transactions, and the overview reads them back. */
class StoreSummariesIT {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    private static final UnitId STORE = UnitId.of("store-1");
    private static final UnitId OTHER = UnitId.of("store-2");
    private static final EmailAddress ANN = new EmailAddress("ann@example.com");
    private static final UpstreamReply LATER = new UpstreamReply(451, "4.3.0 try later");
    private static final UpstreamReply REFUSED = new UpstreamReply(550, "5.1.1 no such user");

    @RegisterExtension
    static final StartedDatabase DB = new StartedDatabase();
    static JdbcStoresOverviewAdapter overview;

    @BeforeAll
    static void adapters() {
        overview = new JdbcStoresOverviewAdapter(DB.database());
    }

    @Test
    void queuedMailIsCountedPerStoreAsItComesIn() {
        DB.queue().enqueue(message(STORE, T0, "a", ANN));
        DB.queue().enqueue(message(STORE, T0, "b", ANN));
        DB.queue().enqueue(message(OTHER, T0, "c", ANN));

        Map<UnitId, StoreMail> mail = overview.storeMail(T0);
        assertThat(mail.get(STORE).queued()).isEqualTo(2);
        assertThat(mail.get(OTHER).queued()).isEqualTo(1);
        assertThat(mail.get(STORE).lastOutcome()).as("nothing was tried yet").isNull();
    }

    @Test
    void aDeferralMovesTheMessageToDeferredAndStartsAFailingStreakWithTheReply() {
        DB.queue().enqueue(message(STORE, T0, "a", ANN));
        ClaimedMessage claimed = claimOne(T0);

        DB.queue().recordAttempt(deferred(claimed.id(), T0.plusSeconds(1)), "w1");

        StoreMail mail = overview.storeMail(T0).get(STORE);
        assertThat(mail.queued()).isZero();
        assertThat(mail.deferred()).isEqualTo(1);
        assertThat(mail.lastOutcome()).isEqualTo(StoreOutcome.DEFERRED);
        assertThat(mail.failuresInARow()).isEqualTo(1);
        assertThat(mail.failingSince()).isEqualTo(T0.plusSeconds(1));
        assertThat(mail.lastReply()).isEqualTo(LATER.toString());

        ClaimedMessage again = claimOne(T0.plusSeconds(60));
        DB.queue().recordAttempt(deferred(again.id(), T0.plusSeconds(61)), "w1");
        mail = overview.storeMail(T0).get(STORE);
        assertThat(mail.deferred()).as("still one message").isEqualTo(1);
        assertThat(mail.failuresInARow()).isEqualTo(2);
        assertThat(mail.failingSince()).as("since the first failure").isEqualTo(T0.plusSeconds(1));
        assertThat(mail.lastOutcomeSince()).isEqualTo(T0.plusSeconds(1));
        assertThat(mail.lastOutcomeAt()).isEqualTo(T0.plusSeconds(61));
    }

    @Test
    void aDeliveryEndsTheStreakAndTheMessageLeavesTheCounts() {
        DB.queue().enqueue(message(STORE, T0, "a", ANN));
        DB.queue().recordAttempt(deferred(claimOne(T0).id(), T0.plusSeconds(1)), "w1");

        DB.queue().recordAttempt(delivered(claimOne(T0.plusSeconds(60)).id(), T0.plusSeconds(61), ANN), "w1");

        StoreMail mail = overview.storeMail(T0).get(STORE);
        assertThat(List.of(mail.queued(), mail.deferred(), mail.held())).containsOnly(0);
        assertThat(mail.lastOutcome()).isEqualTo(StoreOutcome.DELIVERED);
        assertThat(mail.failuresInARow()).isZero();
        assertThat(mail.failingSince()).isNull();
        assertThat(mail.lastReply()).isEqualTo(OK.toString());
        assertThat(mail.lastOutcomeSince()).isEqualTo(T0.plusSeconds(61));
    }

    @Test
    void failedMailIsCountedInTheHourItFailedAndOnlyWithinTheWindow() {
        DB.queue().enqueue(message(STORE, T0, "a", ANN));
        DB.queue().enqueue(message(STORE, T0, "b", ANN));
        List<ClaimedMessage> claimed = DB.queue().claimDue(T0, 10, "w1", T0.plusSeconds(60));
        for (ClaimedMessage message : claimed) {
            DB.queue().recordAttempt(refused(message.id(), T0.plusSeconds(1)), "w1");
        }

        StoreMail mail = overview.storeMail(T0.minus(Duration.ofHours(24))).get(STORE);
        assertThat(mail.failed24h()).isEqualTo(2);
        assertThat(mail.lastOutcome()).isEqualTo(StoreOutcome.FAILED);
        assertThat(mail.failuresInARow()).isEqualTo(2);
        assertThat(mail.queued()).isZero();
        assertThat(overview.storeMail(T0.plusSeconds(3600)).get(STORE).failed24h()).as("the next hour on").isZero();
    }

    @Test
    void heldMailIsCountedAndReleasingItCountsTheStoreAgain() {
        DB.queue().enqueue(message(STORE, T0, "a", ANN));
        ClaimedMessage claimed = claimOne(T0);
        DB.queue().recordAttempt(new DeliveryAttempt(claimed.id(), T0.plusSeconds(1),
                List.of(new RecipientOutcome(ANN, RecipientStatus.PENDING, UpstreamReply.noReply("no SMTP server"))),
                T0.plus(Duration.ofDays(5)), true, false, "held"), "w1");
        StoreMail held = overview.storeMail(T0).get(STORE);
        assertThat(held.held()).isEqualTo(1);
        assertThat(held.queued()).isZero();
        assertThat(held.lastOutcome()).isEqualTo(StoreOutcome.HELD);
        assertThat(held.failuresInARow()).as("a hold asks no upstream").isZero();

        assertThat(DB.queue().releaseHeld(T0.plusSeconds(2))).isEqualTo(1);

        StoreMail released = overview.storeMail(T0).get(STORE);
        assertThat(released.held()).isZero();
        assertThat(released.queued()).isEqualTo(1);
        assertThat(countedFromMessages()).isEqualTo(summaryCounts());
    }

    @Test
    void anAdminsRetryAndDiscardCountTheStoreAgain() {
        DB.queue().enqueue(message(STORE, T0, "a", ANN));
        MessageId id = claimOne(T0).id();
        DB.queue().recordAttempt(refused(id, T0.plusSeconds(1)), "w1");

        assertThat(DB.queue().retryNow(id, T0.plusSeconds(2))).isTrue();
        assertThat(overview.storeMail(T0).get(STORE).deferred()).as("tried once, waiting again").isEqualTo(1);

        assertThat(DB.queue().discard(id, T0.plusSeconds(3))).isTrue();
        assertThat(overview.storeMail(T0).get(STORE).deferred()).isZero();
        assertThat(countedFromMessages()).isEqualTo(summaryCounts());
    }

    @Test
    void theCountsMatchTheMessagesAfterManyWritersAtOnce() throws Exception {
        List<UnitId> stores = List.of(STORE, OTHER, UnitId.of("store-3"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                String worker = "w" + w;
                writers.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 40; i++) {
                        DB.queue().enqueue(message(stores.get(random.nextInt(stores.size())), T0, "m", ANN));
                        for (ClaimedMessage claimed : DB.queue().claimDue(T0.plusSeconds(3600), 3, worker, T0.plusSeconds(7200))) {
                            DB.queue().recordAttempt(switch (random.nextInt(3)) {
                                case 0 -> delivered(claimed.id(), T0.plusSeconds(1), ANN);
                                case 1 -> new DeliveryAttempt(claimed.id(), T0.plusSeconds(1), List.of(
                                        new RecipientOutcome(ANN, RecipientStatus.PENDING, LATER)), T0.plus(Duration.ofDays(2)),
                                        false, true, "deferred");      // stays deferred: due after every claim here
                                default -> refused(claimed.id(), T0.plusSeconds(1));
                            }, worker);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(summaryCounts()).isEqualTo(countedFromMessages()).isNotEmpty();
    }

    @Test
    void theOverviewReadsTheUnitsOwnServersWithoutSecrets() {
        JdbcOrgUnitAdapter units = new JdbcOrgUnitAdapter(DB.database(), Duration.ZERO);
        JdbcUnitSettingsAdapter settings = new JdbcUnitSettingsAdapter(DB.database(), Duration.ZERO);
        units.saveUnit(new OrgUnit(UnitId.of("company"), "Company", null));
        units.saveUnit(new OrgUnit(STORE, "Store 1", UnitId.of("company")));
        settings.saveSettings(UnitId.of("company"), new UnitSettings(new SmtpConnection(new ServerAddress("smtp.example.com"),
                new Port(587), "relay", new Secret("secret"), SecureSocketOptions.START_TLS), null));
        settings.saveSettings(STORE, new UnitSettings(new SmtpConnection(new ServerAddress("mail.example.net"), null, null,
                null, SecureSocketOptions.SSL_ON_CONNECT), null));

        assertThat(overview.ownServers()).containsOnly(
                entry(UnitId.of("company"), new OwnServer("smtp.example.com", 587, SecureSocketOptions.START_TLS,
                        AuthenticationMethod.PASSWORD, true)),
                entry(STORE, new OwnServer("mail.example.net", null, SecureSocketOptions.SSL_ON_CONNECT,
                        AuthenticationMethod.PASSWORD, false)));
    }

    @Test
    void theOldestWaitingMessageIsFoundPerStoreWhateverItsState() {
        DB.queue().enqueue(message(STORE, T0, "first", ANN));
        DB.queue().enqueue(message(STORE, T0.plusSeconds(10), "second", ANN));
        DB.queue().enqueue(message(OTHER, T0.plusSeconds(20), "other", ANN));
        DB.queue().recordAttempt(deferred(claimOne(T0).id(), T0.plusSeconds(30)), "w1");   // store-1's first, now deferred

        assertThat(overview.oldestWaiting(Set.of(STORE, OTHER, UnitId.of("store-3"))))
                .containsOnly(entry(STORE, T0), entry(OTHER, T0.plusSeconds(20)));
    }

    @Test
    void theOldestWaitingMailAndTheRecountReadTheStoresWaitingEntriesOfTheIndexOnly() throws SQLException {
        // 100 stores with 40 finished messages each and a few waiting, as a day of a chain looks.
        try (Connection connection = DB.newConnection(); java.sql.Statement fill = connection.createStatement()) {
            StringBuilder messages = new StringBuilder("INSERT INTO messages (store_id, routing_reason, routing_explanation, "
                    + "client_name, client_address, received_at, size, content, status, next_attempt_at) VALUES ");
            for (int i = 0; i < 4000; i++) {
                boolean waiting = i % 50 == 0;
                messages.append(i == 0 ? "" : ", ").append("('s").append(i % 100).append("', 'STORE_HEADER', 'x', 'erp', ")
                        .append("'127.0.0.1', '2030-01-01 10:00:00', 1, 'x', '").append(waiting ? "QUEUED" : "DELIVERED")
                        .append("', ").append(waiting ? "'2030-01-01 10:00:00'" : "NULL").append(")");
            }
            fill.execute(messages.toString());
            fill.execute("ANALYZE TABLE messages");
        }
        List<Object> stores = List.of("s0", "s7", "s42");
        List<Object> firstWaiting = new ArrayList<>();
        for (String status : List.of("QUEUED", "HELD")) {
            firstWaiting.add(status);
            firstWaiting.addAll(stores);
        }

        for (List<Map<String, String>> plan : List.of(
                QueryPlans.explain(DB, JdbcStoresOverviewAdapter.firstWaitingSql(stores.size()), firstWaiting),
                QueryPlans.explain(DB, StoreSummaries.countWaitingSql(stores.size()), stores))) {
            assertThat(plan).as("no table scanned whole: %s", plan)
                    .allSatisfy(row -> assertThat(row.get("type")).isNotIn("ALL", "index"));
            assertThat(plan).as("read through idx_messages_store_status: %s", plan)
                    .filteredOn(row -> row.get("table") != null && row.get("table").equals("messages"))
                    .isNotEmpty().allSatisfy(row -> assertThat(row.get("key")).isEqualTo("idx_messages_store_status"));
        }
    }

    private static ClaimedMessage claimOne(Instant now) {
        List<ClaimedMessage> claimed = DB.queue().claimDue(now, 1, "w1", now.plusSeconds(60));
        assertThat(claimed).hasSize(1);
        return claimed.get(0);
    }

    private static DeliveryAttempt deferred(MessageId id, Instant at) {
        return new DeliveryAttempt(id, at, List.of(new RecipientOutcome(ANN, RecipientStatus.PENDING, LATER)),
                at.plusSeconds(59), false, true, "deferred");
    }

    private static DeliveryAttempt refused(MessageId id, Instant at) {
        return new DeliveryAttempt(id, at, List.of(new RecipientOutcome(ANN, RecipientStatus.FAILED, REFUSED)), null,
                false, true, "refused");
    }

    /** store → [queued, deferred, held] as the summary rows say, stores with nothing waiting left out. */
    private static Map<String, List<Integer>> summaryCounts() {
        return query("SELECT store_id, queued, deferred, held FROM store_summaries WHERE queued + deferred + held > 0");
    }

    /** The same, counted from the messages themselves. */
    private static Map<String, List<Integer>> countedFromMessages() {
        return query("SELECT store_id, SUM(status = 'QUEUED' AND attempts = 0), SUM(status = 'QUEUED' AND attempts > 0), "
                + "SUM(status = 'HELD') FROM messages WHERE status IN ('QUEUED', 'HELD') GROUP BY store_id");
    }

    private static Map<String, List<Integer>> query(String sql) {
        try (Connection connection = DB.newConnection();
             PreparedStatement select = connection.prepareStatement(sql);
             ResultSet rows = select.executeQuery()) {
            Map<String, List<Integer>> counts = new HashMap<>();
            while (rows.next()) {
                counts.put(rows.getString(1), List.of(rows.getInt(2), rows.getInt(3), rows.getInt(4)));
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
