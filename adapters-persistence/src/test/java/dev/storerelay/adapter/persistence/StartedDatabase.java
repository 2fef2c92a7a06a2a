package dev.storerelay.adapter.persistence;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A started {@link Database} on a fresh database of the shared test server, for one test class, with its tables
 * emptied before each test. Register it as {@code @RegisterExtension static final StartedDatabase DB = ...}; the
 * class's own {@code @BeforeAll} methods run after it, so they can build adapters on {@link #database()}.
 */
final class StartedDatabase implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private PersistenceConfig config;
    private Database database;

    @Override
    public void beforeAll(ExtensionContext context) {
        try {
            config = EmbeddedTestDatabase.freshDatabase(Files.createTempDirectory("store-relay-persistence-it"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        database = new Database(config);
        database.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        TestTables.clear(database);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        database.stop();
    }

    Database database() {
        return database;
    }

    PersistenceConfig config() {
        return config;
    }
}
