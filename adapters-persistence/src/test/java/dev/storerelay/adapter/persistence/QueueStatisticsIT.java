package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryAttempt.RecipientOutcome;
import dev.storerelay.application.port.out.QueueStatistics;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UpstreamReply;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.storerelay.adapter.persistence.TestMessages.delivered;
import static dev.storerelay.adapter.persistence.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The queue's depth and age for monitoring, from one statement that reads an index, not the delivery DB.log(). */
class QueueStatisticsIT {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00.123456Z");
    private static final UnitId STORE = UnitId.of("store-1");
    private static final EmailAddress ANN = new EmailAddress("ann@example.com");

    @RegisterExtension
    static final StartedDatabase DB = new StartedDatabase();

    @Test
    void anEmptyQueueHasNothingQueuedOrHeldAndNoOldestMessage() {
        assertThat(DB.log().loadQueueStatistics()).isEqualTo(QueueStatistics.EMPTY);
    }

    @Test
    void countsQueuedAndHeldMessagesAndFindsTheOldestQueuedOneButNotFinishedOnes() {
        MessageId delivered = DB.queue().enqueue(message(STORE, T0, "delivered", ANN));
        MessageId held = DB.queue().enqueue(message(STORE, T0.plusSeconds(1), "held", ANN));
        DB.queue().enqueue(message(STORE, T0.plusSeconds(2), "queued first", ANN));
        DB.queue().enqueue(message(STORE, T0.plusSeconds(3), "queued second", ANN));
        DB.queue().claimDue(T0.plusSeconds(10), 2, "w1", T0.plusSeconds(60));
        DB.queue().recordAttempt(delivered(delivered, T0.plusSeconds(10), ANN), "w1");
        DB.queue().recordAttempt(new DeliveryAttempt(held, T0.plusSeconds(10), List.of(new RecipientOutcome(ANN,
                RecipientStatus.PENDING, UpstreamReply.noReply("held: no server"))), T0.plus(Duration.ofDays(5)), true,
                false, "held: no server"), "w1");

        QueueStatistics statistics = DB.log().loadQueueStatistics();

        assertThat(statistics.queued()).isEqualTo(2);
        assertThat(statistics.held()).isEqualTo(1);
        assertThat(statistics.oldestQueued()).contains(T0.plusSeconds(2));
    }

    /**
     * The plan on the embedded MariaDB: the counts come from a range of {@code idx_messages_status} that holds the
     * pending messages only, without reading their rows ("Using index"), and each status's oldest message is the first
     * entry of the same index (one row read per status).
     */
    @Test
    void thePlanReadsTheStatusIndexForThePendingStatusesOnlyAndTheFirstEntryOfEach() throws SQLException {
        for (int i = 0; i < 50; i++) {
            MessageId id = DB.queue().enqueue(message(STORE, T0.plusSeconds(i), "m" + i, ANN));
            if (i < 40) {
                DB.queue().claimDue(T0.plusSeconds(i), 1, "w1", T0.plusSeconds(600));
                DB.queue().recordAttempt(delivered(id, T0.plusSeconds(i), ANN), "w1");
            }
        }
        try (Connection connection = DB.newConnection(); Statement analyze = connection.createStatement()) {
            analyze.execute("ANALYZE TABLE messages");
        }

        List<Map<String, String>> plan = explain(MessageViews.QUEUE_STATISTICS);

        assertThat(plan).as("every table read through an index, never scanned whole").allSatisfy(row ->
                assertThat(row.get("type")).isIn("range", "ref", "eq_ref", "const"));
        Map<String, String> pending = row(plan, "pending");
        assertThat(pending.get("key")).as("%s", plan).isEqualTo("idx_messages_status");
        assertThat(pending.get("type")).as("a range of the index for the two statuses: %s", plan).isEqualTo("range");
        assertThat(pending.get("Extra")).as("counted from the index alone: %s", plan).contains("Using index");
        Map<String, String> oldest = row(plan, "m");
        assertThat(oldest.get("key")).as("%s", plan).isEqualTo("idx_messages_status");
        assertThat(oldest.get("type")).as("%s", plan).isEqualTo("ref");
        assertThat(oldest.get("Extra")).as("in index order, the first entry is the oldest: %s", plan).doesNotContain("filesort");
        System.out.println("queue statistics plan: " + plan);
    }

    @Test
    void pingAnswersWhileTheDatabaseRunsAndThePoolReportsItsMetrics() throws SQLException {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Database database = new Database(DB.config(), meters);
        database.start();
        try {
            database.ping();
            assertThat(meters.find("hikaricp.connections").tag("pool", "store-relay-db").gauge()).isNotNull();
        } finally {
            database.stop();
        }
        assertThatThrownBy(database::ping).isInstanceOf(IllegalStateException.class);
    }

    private static Map<String, String> row(List<Map<String, String>> plan, String table) {
        return plan.stream().filter(row -> table.equals(row.get("table"))).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + table + " in " + plan));
    }

    private static List<Map<String, String>> explain(String sql) throws SQLException {
        return QueryPlans.explain(DB, sql, List.of());
    }
}
