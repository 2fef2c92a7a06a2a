package dev.storerelay.bootstrap;

import dev.storerelay.adapter.persistence.EmbeddedTestDatabase;
import dev.storerelay.adapter.persistence.PersistenceConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * An in-process relay for an integration test, configured by {@link TestConfigs}' defaults plus the builder's
 * variables, with its own data directory and test database (EmbeddedTestDatabase). On a static field it serves the
 * whole class, on an instance field one test; everything it started is closed afterwards. The relay starts on first
 * use, so a class's {@code @BeforeAll} can first start the servers its variables name.
 */
final class RelayExtension implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    private final String adminPassword;
    private final List<Supplier<Map<String, String>>> environment;
    private final Set<String> removed;
    private final boolean embeddedDatabase;
    private final boolean capturingLogs;
    private final Supplier<Path> ownDataDir;

    private final List<Running> started = new ArrayList<>();
    private boolean forWholeClass;
    private Path dataDir;
    private PersistenceConfig database;
    private CapturedLogs logs;

    private RelayExtension(Builder builder) {
        this.adminPassword = builder.adminPassword;
        this.environment = List.copyOf(builder.environment);
        this.removed = Set.copyOf(builder.removed);
        this.embeddedDatabase = builder.embeddedDatabase;
        this.capturingLogs = builder.capturingLogs;
        this.ownDataDir = builder.dataDir;
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private String adminPassword = "test-admin-password";
        private final List<Supplier<Map<String, String>>> environment = new ArrayList<>();
        private final Set<String> removed = new HashSet<>();
        private boolean embeddedDatabase;
        private boolean capturingLogs;
        private Supplier<Path> dataDir;

        private Builder() {
        }

        Builder adminPassword(String password) {
            this.adminPassword = password;
            return this;
        }

        Builder env(String name, String value) {
            return env(Map.of(name, value));
        }

        Builder env(Map<String, String> variables) {
            Map<String, String> copy = Map.copyOf(variables);
            return env(() -> copy);
        }

        /** Variables known only once the servers they name run: asked for when the relay starts. */
        Builder env(Supplier<Map<String, String>> variables) {
            environment.add(variables);
            return this;
        }

        /** Leaves default variables out, e.g. the admin password, so the relay generates one. */
        Builder without(String... names) {
            removed.addAll(List.of(names));
            return this;
        }

        /**
         * A data directory the test makes (and removes) itself, e.g. with permissions of its own; asked for when the
         * relay first needs it.
         */
        Builder dataDir(Supplier<Path> directory) {
            this.dataDir = directory;
            return this;
        }

        /** The relay's own default set-up instead of a test database: MariaDB embedded in its data directory. */
        Builder embeddedDatabase() {
            this.embeddedDatabase = true;
            return this;
        }

        /** Captures every log line of the process (see {@link CapturedLogs}) from before the start to the end. */
        Builder capturingLogs() {
            this.capturingLogs = true;
            return this;
        }

        RelayExtension build() {
            return new RelayExtension(this);
        }
    }

    /** Called for a static field only: an instance field's extension is made after the class's callbacks ran. */
    @Override
    public void beforeAll(ExtensionContext context) {
        forWholeClass = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!forWholeClass) {
            closeAll();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeAll();
    }

    /**
     * The relay the accessors below speak of: the earliest started one still running, started on the first call.
     * Once every relay of the extension is closed, {@link #restart()} starts the next.
     */
    synchronized Running current() {
        if (started.isEmpty()) {
            return start(Map.of());
        }
        return started.stream().filter(Running::isRunning).findFirst()
                .orElseThrow(() -> new IllegalStateException("every relay of this test is closed: call restart()"));
    }

    /** Closes the running relays and starts the relay again on the same data directory and database. */
    synchronized Running restart() {
        started.forEach(Running::close);
        return start(Map.of());
    }

    /**
     * Another relay on the same data directory and database (a second instance, or the next start after the first
     * has been closed), with {@code extra} variables on top of the configured ones.
     */
    synchronized Running start(Map<String, String> extra) {
        if (capturingLogs && logs == null) {
            logs = new CapturedLogs();
        }
        Map<String, String> variables = new HashMap<>();
        environment.forEach(supplier -> variables.putAll(supplier.get()));
        variables.putAll(extra);
        Map<String, String> env = new HashMap<>(TestConfigs.environment(embeddedDatabase ? null : database(), dataDir(),
                adminPassword, variables));
        removed.forEach(env::remove);
        Running running = new Running(AppConfig.from(env), adminPassword);
        started.add(running);
        return running;
    }

    StoreRelay relay() {
        return current().relay();
    }

    int smtpPort() {
        return current().smtpPort();
    }

    int adminPort() {
        return current().adminPort();
    }

    int managementPort() {
        return current().managementPort();
    }

    /** {@code http://127.0.0.1:<admin port>}. */
    String adminBase() {
        return current().adminBase();
    }

    /** The JSON API as the admin user. */
    AdminApi api() {
        return current().api();
    }

    RelayClient client() {
        return current().client();
    }

    /** What every relay of the extension wrote to its console so far, in the order they started. */
    synchronized String console() {
        StringBuilder all = new StringBuilder();
        started.forEach(running -> all.append(running.console()));
        return all.toString();
    }

    String adminPassword() {
        return adminPassword;
    }

    /** Every log line since the first start; only with {@link Builder#capturingLogs()}. */
    synchronized CapturedLogs logs() {
        if (logs == null) {
            throw new IllegalStateException("build the extension with capturingLogs() and start the relay first");
        }
        return logs;
    }

    synchronized Path dataDir() {
        if (dataDir == null && ownDataDir != null) {
            return ownDataDir.get();
        }
        if (dataDir == null) {
            try {
                dataDir = Files.createTempDirectory("store-relay-it");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dataDir;
    }

    /** The test database of this class (or test), created on the first call. */
    synchronized PersistenceConfig database() {
        if (database == null) {
            database = EmbeddedTestDatabase.freshDatabase(dataDir());
        }
        return database;
    }

    private synchronized void closeAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        started.clear();
        if (logs != null) {
            logs.close();
            logs = null;
        }
        database = null;
        if (dataDir != null) {
            deleteRecursively(dataDir);
            dataDir = null;
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a directory under the temporary folder; what stays is removed with it
        }
    }

    /** One started relay and what tests reach it by; closing it again does nothing. */
    static final class Running implements AutoCloseable {
        private final ByteArrayOutputStream console = new ByteArrayOutputStream();
        private final StoreRelay relay;
        private final AdminApi api;
        private final AppConfig config;
        private boolean closed;

        private Running(AppConfig config, String adminPassword) {
            this.config = config;
            this.relay = StoreRelay.start(config, new PrintStream(console, true, StandardCharsets.UTF_8));
            this.api = new AdminApi(relay.adminPort(), "admin", adminPassword);
        }

        StoreRelay relay() {
            return relay;
        }

        AppConfig config() {
            return config;
        }

        int smtpPort() {
            return relay.smtpPort();
        }

        int adminPort() {
            return relay.adminPort();
        }

        int managementPort() {
            return relay.managementPort();
        }

        String adminBase() {
            return "http://127.0.0.1:" + relay.adminPort();
        }

        AdminApi api() {
            return api;
        }

        RelayClient client() {
            return new RelayClient(relay.smtpPort());
        }

        /** What the relay wrote to its console so far. */
        String console() {
            return console.toString(StandardCharsets.UTF_8);
        }

        synchronized boolean isRunning() {
            return !closed;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                relay.close();
            }
        }
    }
}
