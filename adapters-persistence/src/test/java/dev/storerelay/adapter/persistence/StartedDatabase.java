package dev.storerelay.adapter.persistence;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;

import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A started {@link Database} on a fresh database of the shared test server, for one test class, with its tables
 * emptied before each test. Register it as {@code @RegisterExtension static final StartedDatabase DB = ...}; the
 * class's own {@code @BeforeAll} methods run after it, so they can build adapters on {@link #database()}.
 */
final class StartedDatabase implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private PersistenceConfig config;
    private Database database;
    private Database secondProcess;
    private JdbcMessageQueue queue;
    private JdbcMessageLogAdapter log;

    @Override
    public void beforeAll(ExtensionContext context) {
        try {
            config = EmbeddedTestDatabase.freshDatabase(Files.createTempDirectory("store-relay-persistence-it"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        database = new Database(config, new SimpleMeterRegistry());
        database.start();
        queue = TestQueues.on(database);
        log = new JdbcMessageLogAdapter(database);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        TestTables.clear(database);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (secondProcess != null) {
            secondProcess.stop();
        }
        database.stop();
    }

    Database database() {
        return database;
    }

    /** The queue's adapters on this database, as the persistence module builds them. */
    JdbcMessageQueue queue() {
        return queue;
    }

    /** The delivery log's adapter on this database. */
    JdbcMessageLogAdapter log() {
        return log;
    }

    /** The organizational units' adapter on this database; cheap, so a new one each call. */
    JdbcOrgUnitAdapter units() {
        return new JdbcOrgUnitAdapter(database, Duration.ZERO);
    }

    PersistenceConfig config() {
        return config;
    }

    /** A connection of its own to the test database, outside the pools; the caller closes it. */
    Connection newConnection() throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
    }

    /** A second pool on the same database, as another relay process would have; started on first use. */
    synchronized Database secondProcess() {
        if (secondProcess == null) {
            secondProcess = new Database(config, new SimpleMeterRegistry());
            secondProcess.start();
        }
        return secondProcess;
    }

    /** Saves the root unit {@code company} and the stores below it, each named after its id. */
    void companyWithStores(UnitId... stores) {
        JdbcOrgUnitAdapter units = new JdbcOrgUnitAdapter(database, Duration.ZERO);
        units.saveUnit(new OrgUnit(UnitId.of("company"), "Company", null));
        for (UnitId store : stores) {
            units.saveUnit(new OrgUnit(store, "Store " + store.value(), UnitId.of("company")));
        }
    }
}
