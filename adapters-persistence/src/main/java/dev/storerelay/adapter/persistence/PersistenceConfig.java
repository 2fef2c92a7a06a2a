package dev.storerelay.adapter.persistence;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the data lives and the key that encrypts stored SMTP passwords.
 *
 * @param jdbcUrl         an external MariaDB ({@code jdbc:mariadb://...}); {@code null} or blank = embedded MariaDB in
 *                        {@code <dataDir>/mariadb}
 * @param user            the external database's user; ignored when embedded
 * @param password        the external database's password; ignored when embedded
 * @param dataDir         embedded database files and the generated master key
 * @param masterKeyBase64 base64 of 32 bytes (AES-256); {@code null} or blank = {@code <dataDir>/master.key}, generated
 *                        on the first start
 */
public record PersistenceConfig(String jdbcUrl, String user, String password, Path dataDir, String masterKeyBase64) {
    static final String MASTER_KEY_VARIABLE = "STORE_RELAY_MASTER_KEY";
    private static final String MASKED = "******";

    public PersistenceConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        if (!isBlank(masterKeyBase64)) {
            MasterKey.decode(masterKeyBase64, MASTER_KEY_VARIABLE);
        }
    }

    /** True when no external database is configured. */
    public boolean embedded() {
        return isBlank(jdbcUrl);
    }

    Optional<String> explicitMasterKey() {
        return isBlank(masterKeyBase64) ? Optional.empty() : Optional.of(masterKeyBase64.strip());
    }

    Path masterKeyFile() {
        return dataDir.resolve("master.key");
    }

    Path embeddedDataDir() {
        return dataDir.resolve("mariadb");
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "PersistenceConfig[jdbcUrl=" + (embedded() ? "(embedded)" : JdbcUrls.withoutCredentials(jdbcUrl))
                + ", user=" + user
                + ", password=" + (isBlank(password) ? "(none)" : MASKED)
                + ", dataDir=" + dataDir
                + ", masterKey=" + (isBlank(masterKeyBase64) ? "(" + masterKeyFile() + ")" : MASKED) + "]";
    }
}
