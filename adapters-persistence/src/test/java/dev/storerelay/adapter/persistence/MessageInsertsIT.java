package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.MessageContextPort;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** A group of new messages written in one transaction: every message keeps its own recipients and content. */
class MessageInsertsIT {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    private static final UnitId STORE = UnitId.of("store-1");
    private static final EmailAddress ANN = new EmailAddress("ann@example.com");
    private static final EmailAddress BOB = new EmailAddress("bob@example.com");
    private static final EmailAddress CID = new EmailAddress("cid@example.com");
    private static final EmailAddress DAN = new EmailAddress("dan@example.com");
    /** Different numbers of recipients, so that a recipient row off by one message would land on the wrong one. */
    private static final List<NewMessage> GROUP = List.of(message("zero", ANN, BOB), message("one", CID),
            message("two", DAN, ANN, BOB), message("three", BOB), message("four", CID, DAN));

    @RegisterExtension
    static final StartedDatabase DB = new StartedDatabase();
    static Database database;
    static MessageInserts inserts;
    static JdbcMessageQueue queue;
    static JdbcMessageLogAdapter log;

    @BeforeAll
    static void adapters() {
        database = DB.database();
        inserts = new MessageInserts(database, MessageContextPort.NONE, MessageInserts.SqlHook.NONE);
        queue = TestQueues.on(database);
        log = new JdbcMessageLogAdapter(database);
    }

    @ParameterizedTest(name = "grouped: {0}")
    @ValueSource(booleans = {true, false})
    void everyMessageOfAGroupKeepsItsOwnRecipientsAndContent(boolean grouped) throws Exception {
        List<MessageId> ids;
        try (Connection connection = database.connection()) {
            ids = inserts.insertTogether(connection, GROUP, grouped);
        }

        assertThat(ids).hasSize(GROUP.size()).doesNotHaveDuplicates();
        assertStoredInOrder(ids);
    }

    @ParameterizedTest(name = "grouped: {0}")
    @ValueSource(booleans = {true, false})
    void aMessageTheServerRefusesFailsItsGroupPromptlyAndLeavesNothingBehind(boolean grouped) throws Exception {
        NewMessage refused = new NewMessage(STORE, RoutingReason.STORE_HEADER, "X-Store-Id: store-1", null, List.of(ANN), null,
                MessageContent.ofBytes("Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)), "legacy-host",
                "x".repeat(300), T0);                    // longer than the column: refused in strict mode
        List<NewMessage> group = List.of(GROUP.get(0), GROUP.get(1), refused);

        assertRefusedPromptly(group, grouped, "client_address");
        assertRolledBackAndTheNextGroupIsWritten(grouped);
    }

    @ParameterizedTest(name = "grouped: {0}")
    @ValueSource(booleans = {true, false})
    void recipientsTheServerRefusesFailTheirGroupPromptlyAndLeaveNothingBehind(boolean grouped) throws Exception {
        // The server refuses a recipient row right after it returned the messages' ids; Connector/J then waited for
        // ever for results the server never sent, on the rollback.
        try (TestTables.Trigger refusing = TestTables.refusingRecipient(database, DAN.value())) {
            assertRefusedPromptly(GROUP, grouped, "refused");
        }
        assertRolledBackAndTheNextGroupIsWritten(grouped);
    }

    @Test
    void withAnAutoIncrementStepOfThreeTheRecipientsStillFollowTheirMessages() throws Exception {
        List<MessageId> ids;
        try (Connection connection = database.connection()) {
            // As on a server in a multi-primary set-up; the session's step is what the INSERT uses.
            execute(connection, "SET SESSION auto_increment_increment = 3");
            try {
                ids = inserts.insertTogether(connection, GROUP, true);
            } finally {
                execute(connection, "SET SESSION auto_increment_increment = @@GLOBAL.auto_increment_increment");
            }
        }

        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i).value() - ids.get(i - 1).value()).as("ids 3 apart").isEqualTo(3);
        }
        assertStoredInOrder(ids);
    }

    @Test
    void theTestServerGivesOneStatementsRowsConsecutiveIdsSoGroupsAreWrittenTogether() throws Exception {
        try (Connection connection = database.connection()) {
            assertThat(inserts.consecutiveIds(connection)).isTrue();
        }
    }

    private static void assertRefusedPromptly(List<NewMessage> group, boolean grouped, String serverSays) {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> {
            try (Connection connection = database.connection()) {
                inserts.insertTogether(connection, group, grouped);
            }
        }).isInstanceOf(SQLException.class).hasMessageContaining(serverSays));
    }

    private static void assertRolledBackAndTheNextGroupIsWritten(boolean grouped) throws SQLException {
        assertThat(queue.claimDue(T0.plusSeconds(1), 100, "w1", T0.plusSeconds(60))).as("rolled back").isEmpty();
        try (Connection connection = database.connection()) {
            assertThat(inserts.insertTogether(connection, GROUP, grouped)).as("the connection is usable").hasSize(GROUP.size());
        }
    }

    /** The i-th id holds the i-th message of {@link #GROUP}: its recipients in order and its content. */
    private static void assertStoredInOrder(List<MessageId> ids) throws IOException {
        Map<MessageId, ClaimedMessage> claimed = queue.claimDue(T0.plusSeconds(1), 100, "w1", T0.plusSeconds(60)).stream()
                .collect(Collectors.toMap(ClaimedMessage::id, Function.identity()));
        assertThat(claimed.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        for (int i = 0; i < ids.size(); i++) {
            ClaimedMessage message = claimed.get(ids.get(i));
            assertThat(message.pendingRecipients()).as("recipients of message %d", i)
                    .containsExactlyElementsOf(GROUP.get(i).recipients());
            assertThat(read(message.content())).as("content of message %d", i).isEqualTo(read(GROUP.get(i).content()));
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void aMessageWhoseCommitsAnswerWasLostIsNotQueuedTwiceWhenWrittenAgain() throws Exception {
        // The commit happens, then the connection "breaks" before its answer is read, as when a database node dies
        // between the two: the write is tried again on a new connection, finds its token and keeps the first row.
        AtomicInteger lost = new AtomicInteger();
        MessageInserts losing = new MessageInserts(database, MessageContextPort.NONE, connection -> {
            if (lost.getAndIncrement() == 0) {
                throw new SQLNonTransientConnectionException("the answer to the commit was lost", "08S01");
            }
        });
        List<MessageId> toldEarly = new CopyOnWriteArrayList<>();
        NewMessage message = message("lost answer", ANN, BOB);

        MessageId id = losing.insert(message, null, null, toldEarly::add);

        assertThat(lost).hasValue(2);
        assertThat(toldEarly).containsExactly(id);
        try (Connection connection = database.connection(); Statement count = connection.createStatement();
             ResultSet rows = count.executeQuery("SELECT COUNT(*) FROM messages WHERE routing_explanation = '"
                     + message.routingExplanation() + "' AND size = " + message.content().size())) {
            rows.next();
            assertThat(rows.getInt(1)).as("rows of the message").isEqualTo(1);
        }
        assertThat(log.findMessage(id)).isPresent();
    }

    private static NewMessage message(String body, EmailAddress... recipients) {
        byte[] content = ("From: <app@legacy.example>\r\nSubject: " + body + "\r\n\r\n" + body + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        return new NewMessage(STORE, RoutingReason.STORE_HEADER, "X-Store-Id: store-1", new EmailAddress("app@legacy.example"),
                List.of(recipients), null, MessageContent.ofBytes(content), "legacy-host", "127.0.0.1", T0);
    }

    private static String read(MessageContent content) throws IOException {
        try (InputStream in = content.open()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
