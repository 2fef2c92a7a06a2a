package dev.storerelay.bootstrap;

import dev.storerelay.adapter.persistence.PersistenceConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The data directory, the database (external, or embedded in the data directory) and the master key of the stored
 * passwords.
 *
 * @param url       {@code null}: the embedded MariaDB
 * @param masterKey {@code null}: the one generated into the data directory
 */
record DatabaseSection(Path dataDir, String url, String user, String password, String masterKey) {
    static final ConfigKey DATA_DIR = ConfigKey.of("STORE_RELAY_DATA_DIR", "./data");
    static final ConfigKey URL = ConfigKey.of("STORE_RELAY_DB_URL", null);
    static final ConfigKey USER = ConfigKey.of("STORE_RELAY_DB_USER", null);
    static final ConfigKey PASSWORD = ConfigKey.secret("STORE_RELAY_DB_PASSWORD");
    static final ConfigKey MASTER_KEY = ConfigKey.secret("STORE_RELAY_MASTER_KEY");
    static final List<ConfigKey> KEYS = List.of(DATA_DIR, URL, USER, PASSWORD, MASTER_KEY);

    DatabaseSection {
        Objects.requireNonNull(dataDir, "dataDir");
    }

    static DatabaseSection read(ConfigValues values) {
        String url = values.text(URL);
        if (url != null && !url.startsWith("jdbc:mariadb:") && !url.startsWith("jdbc:mysql:")) {
            throw new ConfigException(URL.variable() + ": expected a jdbc:mariadb://host:port/database URL");
        }
        return new DatabaseSection(Path.of(values.text(DATA_DIR)), url, values.text(USER), values.text(PASSWORD),
                values.text(MASTER_KEY));
    }

    boolean embedded() {
        return url == null || url.isBlank();
    }

    PersistenceConfig persistenceConfig() {
        return new PersistenceConfig(url, user, password, dataDir, masterKey);
    }

    String describe() {
        return "data dir " + dataDir.toAbsolutePath().normalize()
                + ", database " + (embedded() ? "embedded MariaDB" : url + " as " + user + " (password " + mask(password) + ")")
                + ", master key " + (masterKey == null ? "from data dir" : "from " + MASTER_KEY.variable() + " (******)");
    }

    private static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "(none)" : "******";
    }

    @Override
    public String toString() {
        return describe();
    }
}
