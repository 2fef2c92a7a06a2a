package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.storerelay.adapter.persistence.TestMessages.content;
import static dev.storerelay.adapter.persistence.TestMessages.delivered;
import static dev.storerelay.adapter.persistence.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server drops every connection of the relay's pool (as a restarted or failed-over database does): the next
 * message is still queued (a large one too, in a transaction of its own), and the next delivery still recorded,
 * without the caller seeing a failure. HikariCP does not check connections that were in use a moment ago, so these
 * writes meet dead connections first.
 */
class ConnectionLossIT {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    private static final UnitId STORE = UnitId.of("store-1");
    private static final EmailAddress ANN = new EmailAddress("ann@example.com");

    @RegisterExtension
    static final StartedDatabase DB = new StartedDatabase();

    @Test
    void aMessageIsQueuedAfterTheServerDroppedEveryConnection() {
        DB.queue().enqueue(message(STORE, T0, "before", ANN));       // the pool has open connections now
        assertThat(dropThePoolsConnections()).isPositive();

        MessageId id = DB.queue().enqueue(message(STORE, T0, "after", ANN));

        MessageView view = DB.log().findMessage(id).orElseThrow();
        assertThat(view.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(view.size()).isEqualTo(content("after").length);
    }

    @Test
    void aMessageHandedOffIsQueuedAfterTheServerDroppedEveryConnection() {
        DB.queue().enqueue(message(STORE, T0, "before", ANN));
        assertThat(dropThePoolsConnections()).isPositive();
        List<MessageId> told = new ArrayList<>();

        MessageId id = DB.queue().enqueueClaimed(message(STORE, T0, "after", ANN), "hand-off", T0.plusSeconds(60), told::add);

        assertThat(DB.log().findMessage(id)).isPresent();
        assertThat(told).as("told its id at most once, and that id is the queued one if told").hasSizeLessThanOrEqualTo(1)
                .allMatch(id::equals);
    }

    @Test
    void aLargeMessageIsQueuedWholeAfterTheServerDroppedEveryConnection() throws IOException {
        DB.queue().enqueue(message(STORE, T0, "before", ANN));
        assertThat(dropThePoolsConnections()).isPositive();
        // Past one chunk: queued in a transaction of its own, written chunk by chunk
        byte[] large = new byte[MessageChunks.CHUNK_SIZE * 2 + 12_345];
        new Random(7).nextBytes(large);

        MessageId id = DB.queue().enqueue(message(STORE, T0, MessageContent.ofBytes(large), ANN));

        assertThat(DB.log().findMessage(id).orElseThrow().size()).isEqualTo(large.length);
        ClaimedMessage claimed = DB.queue().claimDue(T0.plusSeconds(1), 10, "w1", T0.plusSeconds(60)).stream()
                .filter(m -> m.id().equals(id)).findFirst().orElseThrow();
        try (InputStream content = claimed.content().open()) {
            assertThat(content.readAllBytes()).isEqualTo(large);
        }
    }

    @Test
    void aDeliveryIsRecordedAfterTheServerDroppedEveryConnection() {
        DB.queue().enqueue(message(STORE, T0, "to deliver", ANN));
        ClaimedMessage claimed = DB.queue().claimDue(T0.plusSeconds(1), 10, "w1", T0.plusSeconds(60)).get(0);
        assertThat(dropThePoolsConnections()).isPositive();

        boolean recorded = DB.queue().recordAttempt(delivered(claimed.id(), T0.plusSeconds(2), ANN), "w1");

        assertThat(recorded).isTrue();
        assertThat(DB.log().findMessage(claimed.id()).orElseThrow().status()).isEqualTo(MessageStatus.DELIVERED);
    }

    /** Kills, on the server, every connection to the test database but the one that kills; returns how many. */
    private static int dropThePoolsConnections() {
        try (Connection admin = DB.newConnection(); Statement statement = admin.createStatement()) {
            List<Long> others = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT ID FROM information_schema.PROCESSLIST "
                    + "WHERE DB = DATABASE() AND ID <> CONNECTION_ID()")) {
                while (rows.next()) {
                    others.add(rows.getLong(1));
                }
            }
            for (long id : others) {
                statement.execute("KILL CONNECTION " + id);
            }
            return others.size();
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the pool's connections", e);
        }
    }
}
