package dev.storerelay.adapter.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;

/** The HikariCP pool of the relay's connections, set up for the queue's hot paths. */
final class ConnectionPool {
    // Delivery threads (16 by default) hold a connection only briefly, between upstream exchanges; the listener's
    // commits and the admin API share the rest.
    private static final int POOL_SIZE = 24;
    static final Duration CHECK_CONNECTIONS_IDLE_FOR = Duration.ofSeconds(30);
    private static final String ALIVE_BYPASS_WINDOW_PROPERTY = "com.zaxxer.hikari.aliveBypassWindowMs";

    private ConnectionPool() {
    }

    /** A new pool on the database at {@code url}; its metrics go to {@code meters}. */
    static HikariDataSource open(String url, String user, String password, MeterRegistry meters) {
        HikariConfig config = poolConfig(url, user, password);
        config.setMetricRegistry(meters);
        return newPool(config);
    }

    /**
     * HikariCP checks a connection idle for longer than its "alive bypass window" with a round trip before lending it,
     * 500 ms by default: that is every message of a legacy system that sends one every few seconds (0.5–0.7 ms each,
     * measured). Writes that find their connection lost are written once more on a new one (see
     * {@link SqlFailures#readyToRunAgain}), so the check is kept only for connections idle for long; HikariCP reads the window
     * from a system property as the pool is built. An operator's own setting of that property is kept.
     */
    private static HikariDataSource newPool(HikariConfig config) {
        if (System.getProperty(ALIVE_BYPASS_WINDOW_PROPERTY) != null) {
            return new HikariDataSource(config);
        }
        System.setProperty(ALIVE_BYPASS_WINDOW_PROPERTY, Long.toString(CHECK_CONNECTIONS_IDLE_FOR.toMillis()));
        try {
            return new HikariDataSource(config);
        } finally {
            System.clearProperty(ALIVE_BYPASS_WINDOW_PROPERTY);
        }
    }

    private static HikariConfig poolConfig(String url, String user, String password) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("store-relay-db");
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(POOL_SIZE);
        hikari.setMinimumIdle(2);
        hikari.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        hikari.setValidationTimeout(Duration.ofSeconds(5).toMillis());
        hikari.setIdleTimeout(Duration.ofMinutes(5).toMillis());
        hikari.setMaxLifetime(Duration.ofMinutes(30).toMillis());
        // Instants are converted explicitly, but the session zone is pinned too, so that nothing on the server side
        // (NOW(), TIMESTAMP columns) ever depends on where the server or the JVM runs.
        hikari.setConnectionInitSql("SET time_zone = '+00:00'");
        // Claiming with SKIP LOCKED should lock only the rows it takes, not every row the scan passes.
        hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // A message is queued, and a delivery recorded, in one round trip: the transaction's statements and its
        // COMMIT go to the server together (every value is still a bound parameter).
        hikari.addDataSourceProperty("allowMultiQueries", "true");
        return hikari;
    }
}
