package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryAttempt.RecipientOutcome;
import dev.storerelay.application.port.out.MessageQuery;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.application.port.out.TextMatch;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UpstreamReply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery log's search (README, *Message search*): what each filter finds, and that each reads an index of its
 * own (V13).
 */
class MessageSearchIT {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    private static final UnitId S1 = UnitId.of("s1");
    private static final UnitId S2 = UnitId.of("s2");
    private static final UnitId S3 = UnitId.of("s3");

    @RegisterExtension
    static final StartedDatabase DB = new StartedDatabase();

    private static MessageId enqueue(UnitId store, Instant at, String sender, String subject, String messageId,
                                     String... recipients) {
        byte[] content = ("Subject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
        return DB.queue().enqueue(new NewMessage(store, RoutingReason.STORE_HEADER, "X-Store-Id: " + store,
                sender == null ? null : new EmailAddress(sender), List.of(recipients).stream().map(EmailAddress::new).toList(),
                null, MessageContent.ofBytes(content), "erp", "127.0.0.1", at, messageId, subject));
    }

    private static List<MessageId> find(UnaryOperator<MessageQuery> search) {
        return DB.log().findMessages(search.apply(MessageQuery.page(50, 0))).stream().map(MessageView::id).toList();
    }

    @Test
    void eachFilterFindsItsMessagesNewestFirst() {
        MessageId order = enqueue(S1, T0, "ERP@Shop.example", "Order confirmation 4711", "<4711@erp.local>",
                "Anna.Berg@Example.com", "copy@shop.example");
        MessageId invite = enqueue(S2, T0.plusSeconds(60), "crm@shop.example", "Signature invitation", "<inv-1@crm.local>",
                "anna.bergmann@example.com");
        MessageId payment = enqueue(S3, T0.plusSeconds(120), null, "ORDER CONFIRMATION 4712", null, "carl@example.org");

        assertThat(find(q -> q.withRecipient(TextMatch.parse("anna.berg@example.com")))).as("whole address, any case")
                .containsExactly(order);
        assertThat(find(q -> q.withRecipient(TextMatch.parse("ANNA.BERG*")))).as("prefix").containsExactly(invite, order);
        assertThat(find(q -> q.withRecipient(TextMatch.parse("anna.berg")))).as("a prefix without * is no match").isEmpty();
        assertThat(find(q -> q.withSender(TextMatch.parse("erp@shop.example")))).containsExactly(order);
        assertThat(find(q -> q.withSender(TextMatch.parse("crm@*")))).containsExactly(invite);
        assertThat(find(q -> q.withSubject(TextMatch.parse("order confirmation")))).as("subject: prefix, any case")
                .containsExactly(payment, order);
        assertThat(find(q -> q.withSubject(TextMatch.parse("Signature invitation")))).containsExactly(invite);
        assertThat(find(q -> q.withMessageIdHeader("<4711@erp.local>"))).containsExactly(order);
        assertThat(find(q -> q.withMessageIdHeader("inv-1@crm.local"))).as("without angle brackets").containsExactly(invite);
        assertThat(find(q -> q.withReceived(T0.plusSeconds(60), T0.plusSeconds(120)))).as("since inclusive, until not")
                .containsExactly(invite);
        assertThat(find(q -> q.withReceived(T0.plusSeconds(1), null))).containsExactly(payment, invite);
        assertThat(find(q -> q.withId(invite))).containsExactly(invite);
        assertThat(find(q -> q.withUnit(UnitId.of("region")).withStores(Set.of(S1, S2)))).as("a subtree's stores")
                .containsExactly(invite, order);
        assertThat(find(q -> q.withSubject(TextMatch.parse("order")).withStores(Set.of(S1, S2)))).as("filters combine")
                .containsExactly(order);
    }

    @Test
    void likeWildcardsInASearchMatchOnlyThemselves() {
        MessageId underscore = enqueue(S1, T0, "a_b@shop.example", "100% sure", null, "x_y@example.com");
        enqueue(S1, T0.plusSeconds(1), "axb@shop.example", "1000 sure", null, "xzy@example.com");

        assertThat(find(q -> q.withRecipient(TextMatch.parse("x_*")))).containsExactly(underscore);
        assertThat(find(q -> q.withSender(TextMatch.parse("a_b*")))).containsExactly(underscore);
        assertThat(find(q -> q.withSubject(TextMatch.parse("100%")))).containsExactly(underscore);
    }

    @Test
    void theSubjectIsStoredAtReceiptAndTheAddressItWentOutAsWithTheOutcome() {
        EmailAddress ann = new EmailAddress("ann@example.com");
        MessageId id = enqueue(S1, T0, "erp@shop.example", "Order 4711", "<4711@erp.local>", ann.value());
        assertThat(DB.log().findMessage(id).orElseThrow().sentAs()).isNull();
        DB.queue().claimDue(T0, 1, "w1", T0.plusSeconds(60));
        DB.queue().recordAttempt(new DeliveryAttempt(id, T0.plusSeconds(1), List.of(new RecipientOutcome(ann,
                RecipientStatus.PENDING, new UpstreamReply(451, "4.7.0 try later"))), T0.plusSeconds(61), false, true,
                "deferred", new EmailAddress("store1@shop.example")), "w1");
        DB.queue().claimDue(T0.plusSeconds(61), 1, "w1", T0.plusSeconds(120));
        DB.queue().recordAttempt(new DeliveryAttempt(id, T0.plusSeconds(62), List.of(new RecipientOutcome(ann,
                RecipientStatus.PENDING, UpstreamReply.noReply("held: no server"))), T0.plus(Duration.ofDays(5)), true,
                false, "held: no server"), "w1");

        MessageView view = DB.log().findMessage(id).orElseThrow();
        assertThat(view.subject()).isEqualTo("Order 4711");
        assertThat(view.messageIdHeader()).isEqualTo("<4711@erp.local>");
        assertThat(view.sentAs()).as("a hold asked no upstream: the last address sent as stays").isEqualTo("store1@shop.example");
    }

    @Test
    void deferredIsAQueuedMessageThatWasTriedAndWaits() {
        EmailAddress ann = new EmailAddress("ann@example.com");
        MessageId tried = enqueue(S1, T0, "erp@shop.example", "tried", null, ann.value());
        DB.queue().claimDue(T0, 1, "w1", T0.plusSeconds(60));
        DB.queue().recordAttempt(new DeliveryAttempt(tried, T0.plusSeconds(1), List.of(new RecipientOutcome(ann,
                RecipientStatus.PENDING, new UpstreamReply(451, "4.7.0 try later"))), T0.plusSeconds(61), false, true,
                "deferred"), "w1");
        MessageId fresh = enqueue(S1, T0.plusSeconds(2), "erp@shop.example", "fresh", null, ann.value());

        assertThat(find(q -> q.withStatus(null, true))).containsExactly(tried);
        assertThat(find(q -> q.withStatus(MessageStatus.QUEUED, false))).containsExactly(fresh, tried);
        assertThat(DB.log().findMessage(tried).orElseThrow().deferred()).isTrue();
        assertThat(DB.log().findMessage(fresh).orElseThrow().deferred()).isFalse();
    }

    /**
     * The plans on the embedded MariaDB, with a log of 3,000 messages over 100 stores: each filter alone is read from
     * its own index, and no table is scanned whole.
     */
    @Test
    void everyFilterReadsItsIndex() throws SQLException {
        fill(3000);
        try (Connection connection = DB.newConnection(); Statement analyze = connection.createStatement()) {
            analyze.execute("ANALYZE TABLE messages, message_recipients");
        }
        Map<String, UnaryOperator<MessageQuery>> searches = new LinkedHashMap<>();
        searches.put("idx_message_recipients_address", q -> q.withRecipient(TextMatch.parse("customer1234@example.com")));
        searches.put("idx_message_recipients_address ", q -> q.withRecipient(TextMatch.parse("customer123*")));
        searches.put("idx_messages_sender", q -> q.withSender(TextMatch.parse("shop77@erp.example")));
        searches.put("idx_messages_sender ", q -> q.withSender(TextMatch.parse("shop7*")));
        searches.put("idx_messages_subject", q -> q.withSubject(TextMatch.parse("Order 1234")));
        searches.put("idx_messages_message_id", q -> q.withMessageIdHeader("<1234@erp.local>"));
        searches.put("idx_messages_received", q -> q.withReceived(T0.plusSeconds(1000), T0.plusSeconds(1010)));
        searches.put("idx_messages_store", q -> q.withUnit(UnitId.of("region")).withStores(Set.of(S1, S2)));
        searches.put("PRIMARY", q -> q.withId(new MessageId(1234)));
        searches.forEach((index, search) -> {
            List<Map<String, String>> plan = explain(MessageViews.search(search.apply(MessageQuery.page(51, 0))));
            System.out.println(index.strip() + ": " + plan);
            assertThat(plan).as("no table scanned whole: %s", plan)
                    .allSatisfy(row -> assertThat(row.get("type")).isNotEqualTo("ALL").isNotEqualTo("index"));
            assertThat(plan).as("read through %s: %s", index, plan).anySatisfy(row -> assertThat(row.get("key")).isEqualTo(index.strip()));
        });
    }

    /** Messages with distinct senders (100 of them), subjects, Message-IDs, recipients and receipt seconds. */
    private static void fill(int count) throws SQLException {
        try (Connection connection = DB.newConnection()) {
            StringBuilder messages = new StringBuilder("INSERT INTO messages (id, store_id, routing_reason, routing_explanation, "
                    + "envelope_sender, client_name, client_address, received_at, size, content, status, subject, "
                    + "message_id_header) VALUES ");
            StringBuilder recipients = new StringBuilder("INSERT INTO message_recipients (message_id, seq, address, status, "
                    + "updated_at) VALUES ");
            for (int i = 1; i <= count; i++) {
                String at = "'" + T0.plusSeconds(i).toString().replace("T", " ").replace("Z", "") + "'";
                messages.append(i == 1 ? "" : ", ").append("(").append(i).append(", 's").append(i % 100).append("', 'STORE_HEADER', 'x', ")
                        .append("'shop").append(i % 100).append("@erp.example', 'erp', '127.0.0.1', ").append(at)
                        .append(", 1, 'x', 'DELIVERED', 'Order ").append(i).append("', '<").append(i).append("@erp.local>')");
                recipients.append(i == 1 ? "" : ", ").append("(").append(i).append(", 0, 'customer").append(i)
                        .append("@example.com', 'DELIVERED', ").append(at).append(")");
            }
            try (Statement insert = connection.createStatement()) {
                insert.execute(messages.toString());
                insert.execute(recipients.toString());
            }
        }
    }

    private static List<Map<String, String>> explain(MessageViews.Search search) {
        try {
            return QueryPlans.explain(DB, search.sql(), search.arguments());
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
