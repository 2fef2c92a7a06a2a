package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.storerelay.adapter.persistence.TestMessages.delivered;
import static dev.storerelay.adapter.persistence.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A transaction the server rolls back to break a deadlock is run again (a claim of due mail is such a transaction:
 * other claims and the recording of outcomes lock the same rows); any other failure is not. The recording of a
 * delivery is written again too: else its message would be delivered a second time once its lease lapsed.
 */
class DeadlockRetryIT {
    private static final int ROWS = 100;
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    private static final EmailAddress ANN = new EmailAddress("ann@example.com");

    @RegisterExtension
    static final StartedDatabase DB = new StartedDatabase();

    private final ExecutorService other = Executors.newSingleThreadExecutor();
    private Connection heavy;

    @BeforeEach
    void rows() throws SQLException {
        try (Connection connection = DB.newConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS deadlock_test (id INT PRIMARY KEY, v INT NOT NULL)");
            statement.execute("DELETE FROM deadlock_test");
            statement.execute("INSERT INTO deadlock_test SELECT seq, 0 FROM seq_1_to_" + ROWS);
        }
        heavy = DB.newConnection();
    }

    @AfterEach
    void close() throws SQLException {
        other.shutdownNow();
        heavy.close();
    }

    @Test
    void theVictimOfADeadlockIsRunAgainAndCommits() throws Exception {
        // The other transaction has changed every row but row 2: the server rolls back the lighter one, ours. In READ
        // COMMITTED, as the relay's connections, so that it does not keep the row it read but left alone (row 2).
        heavy.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        heavy.setAutoCommit(false);
        try (Statement statement = heavy.createStatement()) {
            statement.executeUpdate("UPDATE deadlock_test SET v = v + 1 WHERE id <> 2");
        }
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Future<?>> otherTakesRowTwo = new AtomicReference<>();

        int run = Jdbc.inTransactionAgainAfterDeadlock(DB.database(), "change rows 2 and 1", connection -> {
            int thisRun = runs.incrementAndGet();
            add(connection, 2, 10);
            if (thisRun == 1) {
                // The other now waits for row 2, which this one holds, and this one for row 1, which the other holds.
                otherTakesRowTwo.set(other.submit(() -> {
                    add(heavy, 2, 1);
                    heavy.commit();
                    return null;
                }));
                await().atMost(Duration.ofSeconds(10)).until(() -> lockWaits() == 1);
            }
            add(connection, 1, 10);
            return thisRun;
        });

        assertThat(run).as("committed in its second run").isEqualTo(2);
        otherTakesRowTwo.get().get(10, TimeUnit.SECONDS);
        assertThat(value(1)).as("the other's change and ours").isEqualTo(11);
        assertThat(value(2)).as("the first run's change was rolled back").isEqualTo(11);
    }

    @Test
    void aDeliveryWhoseRecordingLosesADeadlockIsRecordedWhenWrittenAgain() throws Exception {
        JdbcMessageQueue queue = TestQueues.on(DB.database());
        JdbcMessageLogAdapter log = new JdbcMessageLogAdapter(DB.database());
        MessageId id = queue.enqueue(message(UnitId.of("store-1"), T0, "to deliver", ANN));
        assertThat(queue.claimDue(T0.plusSeconds(1), 10, "w1", T0.plusSeconds(60))).extracting(m -> m.id()).contains(id);
        // The other transaction has changed many rows and holds the message's recipient; the recording locks the
        // message first, then waits for the recipient.
        heavy.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        heavy.setAutoCommit(false);
        try (Statement statement = heavy.createStatement()) {
            statement.executeUpdate("UPDATE deadlock_test SET v = v + 1");
        }
        lockRow(heavy, "SELECT seq FROM message_recipients WHERE message_id = ? FOR UPDATE", id);
        Future<Boolean> recorded = other.submit(() -> queue.recordAttempt(delivered(id, T0.plusSeconds(2), ANN), "w1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> lockWaits() == 1);

        // Now the other waits for the message, which the recording holds: the server rolls back the lighter one.
        lockRow(heavy, "SELECT id FROM messages WHERE id = ? FOR UPDATE", id);
        heavy.commit();

        assertThat(recorded.get(10, TimeUnit.SECONDS)).as("recorded under its lease").isTrue();
        assertThat(log.findMessage(id).orElseThrow().status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(log.findAttempts(id)).as("one attempt in the history").hasSize(1);
    }

    @Test
    void anyOtherFailureIsNotRunAgain() {
        AtomicInteger runs = new AtomicInteger();

        assertThatThrownBy(() -> Jdbc.inTransactionAgainAfterDeadlock(DB.database(), "run a bad statement", connection -> {
            runs.incrementAndGet();
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate("UPDATE no_such_table SET v = 1");
            }
        })).isInstanceOf(Jdbc.PersistenceException.class).hasMessageContaining("run a bad statement");
        assertThat(runs).hasValue(1);
    }

    private static void lockRow(Connection connection, String select, MessageId id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(select)) {
            statement.setLong(1, id.value());
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).as("the row to lock is there").isTrue();
            }
        }
    }

    private static void add(Connection connection, int id, int amount) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE deadlock_test SET v = v + " + amount + " WHERE id = " + id);
        }
    }

    private static int value(int id) throws SQLException {
        try (Connection connection = DB.newConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT v FROM deadlock_test WHERE id = " + id)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static int lockWaits() throws SQLException {
        try (Connection connection = EmbeddedTestDatabase.administratorConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
