package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.RecordAttemptPort.LeasedAttempt;
import dev.storerelay.application.port.out.DeliveryAttempt.RecipientOutcome;
import dev.storerelay.application.port.out.LoadMessageLogPort;
import dev.storerelay.application.testing.MessageQueuePort;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.application.port.out.MessageView.RecipientView;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.application.testing.MessageQueuePortContract;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.RoutingReason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.storerelay.adapter.persistence.TestMessages.OK;
import static dev.storerelay.adapter.persistence.TestMessages.content;
import static dev.storerelay.adapter.persistence.TestMessages.delivered;
import static dev.storerelay.adapter.persistence.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The database adapters of the queue: they pass the contract the in-memory fake passes too, and here also what only a
 * database does (content in chunks, refused rows, concurrent workers and processes, the purge's batches).
 */
class MessageQueueIT extends MessageQueuePortContract {
    @RegisterExtension
    static final StartedDatabase DB = new StartedDatabase();
    static Database database;
    static JdbcMessageQueue queue;
    static JdbcMessageLogAdapter log;

    @BeforeAll
    static void adapters() {
        database = DB.database();
        queue = TestQueues.on(database);
        log = new JdbcMessageLogAdapter(database);
    }

    @Override
    protected MessageQueuePort queue() {
        return queue;
    }

    @Override
    protected LoadMessageLogPort log() {
        return log;
    }

    @Test
    void anEnqueuedMessageIsStoredWithItsRecipientsAndContent() throws IOException {
        MessageId id = queue.enqueue(message(STORE, T0, "Hello", ANN, BOB));

        MessageView view = log.findMessage(id).orElseThrow();
        assertThat(view.store()).isEqualTo(STORE);
        assertThat(view.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(view.routingReason()).isEqualTo(RoutingReason.STORE_HEADER);
        assertThat(view.routingExplanation()).isEqualTo("X-Store-Id: store-1");
        assertThat(view.envelopeSender()).isEqualTo("app@legacy.example");
        assertThat(view.size()).isEqualTo(content("Hello").length);
        assertThat(view.receivedAt()).isEqualTo(T0);
        assertThat(view.nextAttemptAt()).isEqualTo(T0);
        assertThat(view.lastAttemptAt()).isNull();
        assertThat(view.attempts()).isZero();
        assertThat(view.recipients()).containsExactly(new RecipientView("ann@example.com", RecipientStatus.PENDING, null, T0),
                new RecipientView("bob@example.com", RecipientStatus.PENDING, null, T0));

        ClaimedMessage claimed = single(queue.claimDue(T0, 10, "w1", T0.plusSeconds(60)));
        assertThat(claimed.id()).isEqualTo(id);
        assertThat(claimed.envelopeSender()).isEqualTo(new EmailAddress("app@legacy.example"));
        assertThat(claimed.pendingRecipients()).containsExactly(ANN, BOB);
        assertThat(claimed.fromDisplayName()).isEqualTo("Legacy Shop");
        assertThat(claimed.clientName()).isEqualTo("legacy-host");
        assertThat(claimed.clientAddress()).isEqualTo("127.0.0.1");
        assertThat(claimed.receivedAt()).isEqualTo(T0);
        assertThat(claimed.attemptsMade()).isZero();
        assertThat(claimed.content().size()).isEqualTo(content("Hello").length);
        assertThat(read(claimed.content())).isEqualTo(content("Hello"));
    }

    @Test
    void aMessageWhoseRecipientTheServerRefusesFailsPromptlyAndTheNextIsQueued() {
        // The server refuses the recipients' row right after it returned the message's id (as it would for a lock
        // wait timeout or a killed query). Connector/J then waited for ever on the rollback, and with it every
        // session of the listener, whose messages queue behind the one being written.
        try (TestTables.Trigger refusing = TestTables.refusingRecipient(database, CID.value())) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> queue.enqueue(message(STORE, T0, "refused", CID)))
                    .isInstanceOf(Jdbc.PersistenceException.class).rootCause().hasMessageEndingWith("refused"));
        }

        MessageId next = queue.enqueue(message(STORE, T0, "next", ANN));
        assertThat(single(queue.claimDue(T0, 10, "w1", T0.plusSeconds(60))).id()).as("only the next one is queued").isEqualTo(next);
    }

    @Test
    void theNullReversePathIsKept() {
        NewMessage bounce = new NewMessage(STORE, RoutingReason.ROOT_UNIT, "root unit", null, List.of(ANN), null,
                MessageContent.ofBytes(content("bounce")), "legacy-host", "::1", T0);

        MessageId id = queue.enqueue(bounce);

        assertThat(log.findMessage(id).orElseThrow().envelopeSender()).isEmpty();
        ClaimedMessage claimed = single(queue.claimDue(T0, 1, "w1", T0.plusSeconds(60)));
        assertThat(claimed.envelopeSender()).isNull();
        assertThat(claimed.fromDisplayName()).isNull();
    }

    @Test
    void theMessageIdHeaderComesBackWithTheClaimedMessageForTheLog() {
        NewMessage plain = message(STORE, T0, "Hello", ANN);
        NewMessage withId = new NewMessage(plain.store(), plain.routingReason(), plain.routingExplanation(),
                plain.envelopeSender(), plain.recipients(), plain.fromDisplayName(), plain.content(), plain.clientName(),
                plain.clientAddress(), plain.receivedAt(), "<a1.17@erp.local>", null);
        MessageId first = queue.enqueue(withId);
        MessageId second = queue.enqueueClaimed(plain, "w0", T0);

        // The second one's lease (to "w0") ends at T0: both are due then.
        List<ClaimedMessage> claimed = queue.claimDue(T0, 10, "w1", T0.plusSeconds(60));
        assertThat(claimed).extracting(ClaimedMessage::id).containsExactlyInAnyOrder(first, second);
        assertThat(claimed).filteredOn(m -> m.id().equals(first)).extracting(ClaimedMessage::messageIdHeader)
                .containsExactly("<a1.17@erp.local>");
        assertThat(claimed).filteredOn(m -> m.id().equals(second)).extracting(ClaimedMessage::messageIdHeader)
                .containsNull();
    }

    @Test
    void instantsDoNotDependOnTheJvmTimeZone() {
        TimeZone original = TimeZone.getDefault();
        MessageId id;
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns"));
            id = queue.enqueue(message(STORE, T0, "zone", ANN));
        } finally {
            TimeZone.setDefault(original);
        }
        assertThat(log.findMessage(id).orElseThrow().receivedAt()).isEqualTo(T0);
        assertThat(rawReceivedAt(id)).isEqualTo("2030-01-01 10:00:00.123456");
    }

    @Test
    void concurrentEnqueuesAndRecordsCommittedTogetherKeepEveryMessageApart() throws Exception {
        int messages = 48;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<MessageId>> queued = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                int n = i;
                EmailAddress[] recipients = n % 3 == 0 ? new EmailAddress[] {ANN, BOB} : new EmailAddress[] {CID};
                queued.add(pool.submit(() -> queue.enqueue(message(STORE, T0.plusMillis(n), "body " + n, recipients))));
            }
            Map<MessageId, Integer> bodies = new HashMap<>();
            for (int i = 0; i < messages; i++) {
                bodies.put(queued.get(i).get(60, TimeUnit.SECONDS), i);
            }
            assertThat(bodies).hasSize(messages);

            List<ClaimedMessage> claimed = queue.claimDue(T0.plusSeconds(1), messages, "w1", T0.plusSeconds(600));
            assertThat(claimed).hasSize(messages);
            List<Future<Boolean>> recorded = new ArrayList<>();
            for (ClaimedMessage message : claimed) {
                int n = bodies.get(message.id());
                assertThat(read(message.content())).isEqualTo(content("body " + n));
                assertThat(message.pendingRecipients()).containsExactly(n % 3 == 0 ? new EmailAddress[] {ANN, BOB} : new EmailAddress[] {CID});
                List<RecipientOutcome> outcomes = message.pendingRecipients().stream()
                        .map(r -> new RecipientOutcome(r, RecipientStatus.DELIVERED, OK)).toList();
                recorded.add(pool.submit(() -> queue.recordAttempt(new DeliveryAttempt(message.id(), T0.plusSeconds(2), outcomes,
                        null, false, true, "delivered"), "w1")));
            }
            for (Future<Boolean> result : recorded) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
            for (MessageId id : bodies.keySet()) {
                assertThat(log.findMessage(id).orElseThrow().status()).isEqualTo(MessageStatus.DELIVERED);
                assertThat(attemptRows(id)).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void attemptsRecordedAsAGroupAreCommittedTogetherAndOnlyUnderTheirLease() throws Exception {
        MessageId mine = queue.enqueue(message(STORE, T0, "mine", ANN, BOB));
        MessageId lost = queue.enqueue(message(STORE, T0.plusMillis(1), "lost", CID));
        assertThat(queue.claimDue(T0.plusSeconds(1), 10, "w1", T0.plusSeconds(60))).hasSize(2);
        assertThat(single(queue.claimDue(T0.plusSeconds(61), 1, "w2", T0.plusSeconds(120))).id())
                .as("w2 takes over the older one").isEqualTo(mine);

        var results = queue.recordAttempts(List.of(
                new LeasedAttempt(new DeliveryAttempt(mine, T0.plusSeconds(62), List.of(
                        new RecipientOutcome(ANN, RecipientStatus.DELIVERED, OK), new RecipientOutcome(BOB, RecipientStatus.DELIVERED, OK)),
                        null, false, true, "delivered"), "w1", () -> () -> { }),
                new LeasedAttempt(new DeliveryAttempt(lost, T0.plusSeconds(62), List.of(
                        new RecipientOutcome(CID, RecipientStatus.PENDING, LATER)),
                        T0.plusSeconds(600), false, true, "CID: 451"), "w1", () -> () -> { })));

        assertThat(results.get(0).get(30, TimeUnit.SECONDS)).as("w1 lost the lease of this one").isFalse();
        assertThat(results.get(1).get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(log.findMessage(mine).orElseThrow().status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(attemptRows(mine)).isZero();
        MessageView retried = log.findMessage(lost).orElseThrow();
        assertThat(retried.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(retried.nextAttemptAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(retried.recipients()).extracting(RecipientView::lastReply).containsExactly("451 4.3.0 try later");
        assertThat(attemptRows(lost)).isEqualTo(1);
    }

    @Test
    void concurrentHandedOffEnqueuesTellEachCallerItsOwnIdOnceAndNoLaterThanTheCommit() throws Exception {
        int messages = 48;
        Instant leaseEnd = T0.plusSeconds(300);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<QueuedAndTold>> queued = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                int n = i;
                queued.add(pool.submit(() -> {
                    List<MessageId> told = new java.util.concurrent.CopyOnWriteArrayList<>();
                    MessageId id = queue.enqueueClaimed(message(STORE, T0.plusMillis(n), "body " + n, ANN),
                            "relay-1/handoff", leaseEnd, told::add);
                    return new QueuedAndTold(id, List.copyOf(told));  // told before the call returned: by the commit
                }));
            }
            Map<MessageId, Integer> bodies = new HashMap<>();
            for (int i = 0; i < messages; i++) {
                QueuedAndTold result = queued.get(i).get(60, TimeUnit.SECONDS);
                assertThat(result.told()).as("told once, the id it is queued under").containsExactly(result.id());
                bodies.put(result.id(), i);
            }
            assertThat(bodies).hasSize(messages);
            List<ClaimedMessage> claimed = queue.claimDue(leaseEnd, messages, "w1", leaseEnd.plusSeconds(60));
            assertThat(claimed).hasSize(messages);
            for (ClaimedMessage message : claimed) {
                assertThat(read(message.content())).isEqualTo(content("body " + bodies.get(message.id())));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private record QueuedAndTold(MessageId id, List<MessageId> told) {
    }

    @Test
    void concurrentWorkersNeverClaimTheSameMessage() throws Exception {
        int messages = 40;
        for (int i = 0; i < messages; i++) {
            queue.enqueue(message(STORE, T0.plusMillis(i), "m" + i, ANN));
        }
        int workers = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<List<MessageId>>> results = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String worker = "worker-" + w;
                Callable<List<MessageId>> claimUntilEmpty = () -> {
                    start.await();
                    List<MessageId> mine = new ArrayList<>();
                    List<ClaimedMessage> batch;
                    do {
                        batch = queue.claimDue(T0.plusSeconds(1), 3, worker, T0.plusSeconds(600));
                        batch.forEach(m -> mine.add(m.id()));
                    } while (!batch.isEmpty());
                    return mine;
                };
                results.add(pool.submit(claimUntilEmpty));
            }
            start.countDown();
            List<MessageId> all = new ArrayList<>();
            for (Future<List<MessageId>> result : results) {
                all.addAll(result.get(60, TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(messages).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void claimedContentIsReadWhenOpenedNotWhenClaimed() throws IOException {
        MessageId id = queue.enqueue(message(STORE, T0, "before", ANN));
        ClaimedMessage claimed = single(queue.claimDue(T0, 1, "w1", T0.plusSeconds(60)));

        replaceContent(id, content("after"));

        assertThat(read(claimed.content())).isEqualTo(content("after"));
    }

    @Test
    void finishedMessagesAreDeletedBatchByBatchWithTheRowsOfEveryTable() {
        Instant cutoff = T0;
        Instant old = T0.minus(Duration.ofDays(40));
        // Oldest first: a message still queued, whose age must not stop the walk through the old ones after it.
        MessageId stillQueued = queue.enqueue(message(STORE, old, "pending", ANN));
        single(queue.claimDue(old, 1, "w0", T0.plus(Duration.ofDays(1))));      // under way for long
        MessageId delivered = finish(old, old.plusSeconds(1), ANN, RecipientStatus.DELIVERED, OK);
        MessageId failed = finish(old, old.plusSeconds(1), BOB, RecipientStatus.FAILED, REFUSED);
        MessageId finishedLately = finish(old, T0.plusSeconds(1), CID, RecipientStatus.DELIVERED, OK);
        List<MessageId> many = new ArrayList<>();
        for (int i = 0; i < 600; i++) {                        // more than one batch
            many.add(finish(old.plusSeconds(10 + i), old.plusSeconds(10 + i), ANN, RecipientStatus.DELIVERED, OK));
        }
        MessageId recent = queue.enqueue(message(STORE, T0.plusSeconds(5), "recent", ANN));

        assertThat(queue.deleteFinishedBefore(cutoff)).isEqualTo(602);

        assertThat(log.findMessage(delivered)).isEmpty();
        assertThat(log.findMessage(failed)).isEmpty();
        assertThat(many).allSatisfy(id -> assertThat(log.findMessage(id)).isEmpty());
        assertThat(attemptRows(delivered)).as("its attempt history went with it").isZero();
        assertThat(sql("SELECT COUNT(*) FROM message_recipients WHERE message_id = " + failed.value(), statement -> {
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        })).isEqualTo("0");
        assertThat(log.findMessage(stillQueued)).isPresent();
        assertThat(log.findMessage(finishedLately)).as("finished after the cutoff").isPresent();
        assertThat(log.findMessage(recent)).isPresent();
        assertThat(queue.deleteFinishedBefore(cutoff)).as("nothing left to delete").isZero();
    }

    @Test
    void aLargeMessageIsStoredInChunksAndReadBackIntact() throws Exception {
        String body = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\r\n".repeat(56_000);   // ~3.6 MiB
        byte[] expected = content(body);
        MessageId id = queue.enqueue(message(STORE, T0, body, ANN));

        try (Connection connection = database.connection();
             PreparedStatement count = connection.prepareStatement(
                     "SELECT COUNT(*), SUM(LENGTH(data)) FROM message_chunks WHERE message_id = ?");
             PreparedStatement inline = connection.prepareStatement("SELECT content FROM messages WHERE id = ?")) {
            count.setLong(1, id.value());
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo((expected.length + MessageChunks.CHUNK_SIZE - 1) / MessageChunks.CHUNK_SIZE);
                assertThat(rows.getLong(2)).isEqualTo(expected.length);
            }
            inline.setLong(1, id.value());
            try (ResultSet rows = inline.executeQuery()) {
                rows.next();
                assertThat(rows.getBytes(1)).as("not kept inline").isNull();
            }
        }
        ClaimedMessage claimed = single(queue.claimDue(T0, 10, "w1", T0.plusSeconds(60)));
        assertThat(claimed.content().size()).isEqualTo(expected.length);
        try (InputStream in = claimed.content().open()) {
            assertThat(in.readAllBytes()).isEqualTo(expected);
        }
        try (InputStream in = claimed.content().open()) {
            byte[] small = new byte[7];
            assertThat(in.readNBytes(small, 0, 7)).isEqualTo(7);
            assertThat(new String(small, StandardCharsets.US_ASCII)).isEqualTo("From: L");
        }
    }

    private static byte[] read(MessageContent content) throws IOException {
        try (InputStream in = content.open()) {
            return in.readAllBytes();
        }
    }

    private static void replaceContent(MessageId id, byte[] bytes) {
        sql("UPDATE messages SET content = ? WHERE id = ?", statement -> {
            statement.setBytes(1, bytes);
            statement.setLong(2, id.value());
            return String.valueOf(statement.executeUpdate());
        });
    }

    private static int attemptRows(MessageId id) {
        return Integer.parseInt(sql("SELECT COUNT(*) FROM delivery_attempts WHERE message_id = ?", statement -> {
            statement.setLong(1, id.value());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }));
    }

    private static String rawReceivedAt(MessageId id) {
        return sql("SELECT CAST(received_at AS CHAR) FROM messages WHERE id = ?", statement -> {
            statement.setLong(1, id.value());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        });
    }

    private interface StatementWork {
        String run(PreparedStatement statement) throws SQLException;
    }

    private static String sql(String sql, StatementWork work) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            return work.run(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
