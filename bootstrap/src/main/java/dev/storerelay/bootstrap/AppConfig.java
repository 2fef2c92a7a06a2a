package dev.storerelay.bootstrap;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The relay's configuration (README, *Configuration*), read from environment variables and, for the same keys, from the
 * properties file named by {@code STORE_RELAY_CONFIG}; the environment wins. A section for each part of the relay
 * reads and checks its own keys, before anything starts, and a bad value stops the start with one line naming the
 * variable.
 */
public record AppConfig(IdentitySection identity, SmtpListenerSection smtpListener, AdminWebSection adminWeb,
                        ManagementSection management, DatabaseSection database, DeliverySection delivery,
                        UpstreamTrustSection upstreamTrust, LoggingSection logging) {
    public static final String CONFIG_FILE_VARIABLE = "STORE_RELAY_CONFIG";
    /** Every key a section reads, and so every key the file may set. */
    static final List<ConfigKey> KEYS = Stream.of(IdentitySection.KEYS, SmtpListenerSection.KEYS, AdminWebSection.KEYS,
            ManagementSection.KEYS, DatabaseSection.KEYS, DeliverySection.KEYS, UpstreamTrustSection.KEYS,
            LoggingSection.KEYS).flatMap(List::stream).toList();

    public AppConfig {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(smtpListener, "smtpListener");
        Objects.requireNonNull(adminWeb, "adminWeb");
        Objects.requireNonNull(management, "management");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(upstreamTrust, "upstreamTrust");
        Objects.requireNonNull(logging, "logging");
    }

    /** Reads the configuration of this process: the environment, plus the file {@code STORE_RELAY_CONFIG} names. */
    public static AppConfig fromEnvironment() {
        return from(System.getenv());
    }

    /** Reads the configuration from the given variables (and the file they name). */
    public static AppConfig from(Map<String, String> environment) {
        ConfigValues values = ConfigValues.read(environment, KEYS);
        IdentitySection identity = IdentitySection.read(values);
        SmtpListenerSection smtpListener = SmtpListenerSection.read(values);
        AdminWebSection adminWeb = AdminWebSection.read(values);
        return new AppConfig(identity, smtpListener, adminWeb, ManagementSection.read(values, smtpListener, adminWeb),
                DatabaseSection.read(values), DeliverySection.read(values), UpstreamTrustSection.read(values),
                LoggingSection.read(values));
    }

    public boolean embeddedDatabase() {
        return database.embedded();
    }

    /** The effective configuration for the start-up log, secrets masked. */
    public String describe() {
        return String.join(", ", smtpListener.describe(), adminWeb.describe(), management.describe(),
                database.describe(), identity.describe(), upstreamTrust.describe(), delivery.describe(),
                logging.describe());
    }

    @Override
    public String toString() {
        return "AppConfig[" + describe() + "]";
    }
}
