package dev.storerelay.adapter.persistence;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The store-relay database: the embedded MariaDB (default) or an external one, a connection pool and the schema.
 * Constructing it does nothing; {@link #start()} starts the server if embedded, opens the pool and migrates.
 */
public final class Database {
    static final String EMBEDDED_SCHEMA = "storerelay";
    /** In the data directory: the embedded server's login password, generated at its first start, owner-only. */
    static final String EMBEDDED_PASSWORD_FILE = "mariadb.password";
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** About how long another relay process's change of units, settings, routing or limits stays unseen by this one. */
    static final Duration CONFIGURATION_POLL_INTERVAL = Duration.ofSeconds(1);
    /** The server's own limit on the round trip of {@link #ping()}; the caller's wait is usually shorter. */
    private static final int PING_QUERY_TIMEOUT_SECONDS = 5;

    private final PersistenceConfig config;
    private final MeterRegistry meters;
    private EmbeddedMariaDb embedded;
    private EmbeddedMariaDbWatchdog watchdog;
    private HikariDataSource pool;
    private PasswordCipher cipher;
    private volatile ConfigurationVersion configurationVersion;
    /** The transactions of {@link #inOneTransaction}, which every statement of their thread joins. */
    private final ThreadTransactions transactions = new ThreadTransactions(this::connection);
    private final Jdbi jdbi = Jdbc.jdbi(this);

    /** @param meters where the pool's metrics go (HikariCP's {@code hikaricp_connections_*}) */
    public Database(PersistenceConfig config, MeterRegistry meters) {
        this.config = Objects.requireNonNull(config, "config");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /** Starts the embedded server if configured, opens the pool and applies the migrations. */
    public synchronized void start() {
        if (pool != null) {
            return;
        }
        cipher = new PasswordCipher(MasterKey.resolve(config, new SecureRandom()), new SecureRandom());
        try {
            String url;
            String user;
            String password;
            if (config.embedded()) {
                embedded = new EmbeddedMariaDb(EmbeddedLayout.under(config.dataDir()));
                embedded.start(EMBEDDED_SCHEMA);
                url = embedded.url(EMBEDDED_SCHEMA);
                user = EmbeddedMariaDb.USER;
                password = embedded.password();
            } else {
                url = config.jdbcUrl().strip();
                user = config.user();
                password = config.password();
            }
            pool = ConnectionPool.open(url, user, password, meters);
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            configurationVersion = new ConfigurationVersion(pool::getConnection, CONFIGURATION_POLL_INTERVAL, System::nanoTime);
            configurationVersion.start();
            if (embedded != null) {
                watchdog = new EmbeddedMariaDbWatchdog(embedded);
                watchdog.start();
            }
            LOG.info("Database ready: {}", describe());
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** Closes the pool, then stops the embedded server. */
    public synchronized void stop() {
        try {
            if (watchdog != null) {
                watchdog.stop();
                watchdog = null;
            }
            if (configurationVersion != null) {
                configurationVersion.stop();
                configurationVersion = null;
            }
            if (pool != null) {
                pool.close();
            }
        } finally {
            pool = null;
            if (embedded != null) {
                embedded.stop();
                embedded = null;
            }
        }
    }

    /**
     * Whether the database answers: {@code SELECT 1} on a pooled connection; throws if it does not. While the database
     * is down this waits as long as the pool waits for a connection (10 s), so a caller that must answer sooner
     * bounds the wait itself.
     */
    public void ping() throws SQLException {
        try (Connection connection = connection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(PING_QUERY_TIMEOUT_SECONDS);
            statement.execute("SELECT 1");
        }
    }

    /** One line for the start-up log: embedded with its directory, or the external URL without credentials. */
    public synchronized String describe() {
        if (config.embedded()) {
            String where = embedded == null ? "" : " at " + embedded.url(EMBEDDED_SCHEMA);
            return "embedded MariaDB, data in " + config.embeddedDataDir().toAbsolutePath() + where;
        }
        return "external MariaDB at " + JdbcUrls.withoutCredentials(config.jdbcUrl());
    }

    /** The pool; only between {@link #start()} and {@link #stop()}. */
    public synchronized DataSource dataSource() {
        if (pool == null) {
            throw new IllegalStateException("the database is not started");
        }
        return pool;
    }

    synchronized PasswordCipher cipher() {
        if (cipher == null) {
            throw new IllegalStateException("the database is not started");
        }
        return cipher;
    }

    /** The version of units, settings, routing and limits; only between {@link #start()} and {@link #stop()}. */
    ConfigurationVersion configurationVersion() {
        ConfigurationVersion version = configurationVersion;
        if (version == null) {
            throw new IllegalStateException("the database is not started");
        }
        return version;
    }

    /** Jdbi on the pool, joining this thread's transaction of {@link #inOneTransaction} (see {@link Jdbc#jdbi}). */
    Jdbi jdbi() {
        return jdbi;
    }

    Connection connection() throws SQLException {
        return dataSource().getConnection();
    }

    /**
     * Runs {@code work} in one transaction that every statement of this thread joins (see {@link Jdbc}): committed
     * when it returns, rolled back when it throws. Not nested: {@code work} may not begin another one.
     */
    <T> T inOneTransaction(Supplier<T> work) {
        return transactions.inOne(work);
    }

    /** This thread's transaction of {@link #inOneTransaction}, or {@code null}. */
    Connection boundConnection() {
        return transactions.connection();
    }

    /** Runs {@code action} when this thread's transaction of {@link #inOneTransaction} ends, or at once without one. */
    void afterTransaction(Runnable action) {
        transactions.afterEnd(action);
    }

    /**
     * Replaces the pool's connections: idle ones at once, those in use when they come back. After one connection was
     * lost the others may be gone too (a restarted or failed-over database); the next borrower should get a new one.
     */
    void replaceConnections() {
        HikariDataSource current;
        synchronized (this) {
            current = pool;
        }
        HikariPoolMXBean connections = current == null ? null : current.getHikariPoolMXBean();
        if (connections != null) {
            connections.softEvictConnections();
        }
    }
}
