package dev.storerelay.adapter.persistence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A transaction the server rolls back to break a deadlock is run again (a claim of due mail is such a transaction:
 * other claims and the recording of outcomes lock the same rows); any other failure is not.
 */
class DeadlockRetryIT {
    private static final int ROWS = 100;

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
        try (Connection connection = DB.newConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
