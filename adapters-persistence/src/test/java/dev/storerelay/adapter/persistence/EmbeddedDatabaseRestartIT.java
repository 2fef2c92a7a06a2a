package dev.storerelay.adapter.persistence;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The relay owns its embedded MariaDB: killed under it, the server is started again and the pool carries on. */
class EmbeddedDatabaseRestartIT {
    @TempDir
    Path dataDir;

    @Test
    void aKilledServerIsStartedAgainOnTheSameDataWithinSecondsAndStaysStoppedAfterStop() {
        Database database = new Database(new PersistenceConfig(null, null, null, dataDir, null), new SimpleMeterRegistry());
        database.start();
        ProcessHandle killed = server().orElseThrow();
        try {
            new JdbcOrgUnitAdapter(database, Duration.ZERO).saveUnit(new OrgUnit(UnitId.of("company"), "Company", null));

            killed.destroyForcibly();                                   // SIGKILL, as the out-of-memory killer sends
            await().atMost(Duration.ofSeconds(10)).until(() -> !killed.isAlive());
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> answers(database));

            assertThat(server()).get().extracting(ProcessHandle::pid).isNotEqualTo(killed.pid());
            assertThat(new JdbcOrgUnitAdapter(database, Duration.ZERO).loadOrgTree().units())
                    .containsExactly(new OrgUnit(UnitId.of("company"), "Company", null));
        } finally {
            database.stop();
        }
        assertThat(server()).as("a stop is not a death: nothing starts the server again").isEmpty();
    }

    private static boolean answers(Database database) throws SQLException {
        try (Connection connection = database.connection()) {
            return connection.isValid(1);
        }
    }

    /** The mariadbd this test's JVM runs on {@link #dataDir} (the shared test server runs on another). */
    private Optional<ProcessHandle> server() {
        String option = "--datadir=" + EmbeddedLayout.under(dataDir).dataDir();
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(option)).orElse(false))
                .findFirst();
    }
}
