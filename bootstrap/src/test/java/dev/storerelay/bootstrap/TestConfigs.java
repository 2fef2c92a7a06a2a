package dev.storerelay.bootstrap;

import dev.storerelay.adapter.persistence.PersistenceConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Configurations for in-process relays, built the way operators configure it: from variables. */
final class TestConfigs {
    private TestConfigs() {
    }

    /**
     * Ephemeral ports (the management listener's too), the given test database, relay.test as host name, 2 delivery threads and a 1 s first retry;
     * {@code extra} variables override.
     */
    static AppConfig config(PersistenceConfig db, Path dataDir, String adminPassword, Map<String, String> extra) {
        return AppConfig.from(environment(db, dataDir, adminPassword, extra));
    }

    /**
     * The same configuration as environment variables, e.g. for a relay in its own process; {@code db} null for the
     * default set-up: the embedded MariaDB and a generated master key in the data directory.
     */
    static Map<String, String> environment(PersistenceConfig db, Path dataDir, String adminPassword, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("STORE_RELAY_SMTP_PORT", "0");
        env.put("STORE_RELAY_ADMIN_PORT", "0");
        env.put("STORE_RELAY_MANAGEMENT_PORT", "0");
        env.put("STORE_RELAY_DATA_DIR", dataDir.toString());
        if (db != null) {
            env.put("STORE_RELAY_DB_URL", db.jdbcUrl());
            env.put("STORE_RELAY_DB_USER", db.user());
            if (db.password() != null) {
                env.put("STORE_RELAY_DB_PASSWORD", db.password());
            }
            env.put("STORE_RELAY_MASTER_KEY", db.masterKeyBase64());
        }
        env.put("STORE_RELAY_ADMIN_PASSWORD", adminPassword);
        env.put("STORE_RELAY_DEFAULT_SENDER", "no-reply@company.example");
        env.put("STORE_RELAY_HOSTNAME", "relay.test");
        env.put("STORE_RELAY_DELIVERY_THREADS", "2");
        env.put("STORE_RELAY_RETRY_FIRST_DELAY", "PT1S");
        env.putAll(extra);
        return env;
    }
}
