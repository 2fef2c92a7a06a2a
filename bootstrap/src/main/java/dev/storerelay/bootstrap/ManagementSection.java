package dev.storerelay.bootstrap;

import dev.storerelay.adapter.management.ManagementConfig;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The management listener ({@code /metrics}, {@code /health/*}), the metrics' store label, and how long readiness
 * answers 503 on a stop before the SMTP listener closes.
 */
record ManagementSection(String bind, int port, boolean metricsStoreLabel, Duration drainDelay) {
    static final ConfigKey BIND = ConfigKey.of("STORE_RELAY_MANAGEMENT_BIND", "127.0.0.1");
    static final ConfigKey PORT = ConfigKey.of("STORE_RELAY_MANAGEMENT_PORT", "8081");
    static final ConfigKey METRICS_STORE_LABEL = ConfigKey.of("STORE_RELAY_METRICS_STORE_LABEL", "true");
    static final ConfigKey DRAIN_DELAY = ConfigKey.of("STORE_RELAY_DRAIN_DELAY", "PT0S");
    static final List<ConfigKey> KEYS = List.of(BIND, PORT, METRICS_STORE_LABEL, DRAIN_DELAY);
    static final Duration MAX_DRAIN_DELAY = Duration.ofMinutes(5);

    ManagementSection {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(drainDelay, "drainDelay");
    }

    /** The port must differ from the other two listeners'. */
    static ManagementSection read(ConfigValues values, SmtpListenerSection smtp, AdminWebSection admin) {
        return new ManagementSection(values.bind(BIND), port(values, smtp.port(), admin.port()),
                values.flag(METRICS_STORE_LABEL), drainDelay(values));
    }

    private static int port(ConfigValues values, int smtpPort, int adminPort) {
        int port = values.port(PORT);
        if (port != 0 && (port == smtpPort || port == adminPort)) {
            throw new ConfigException(PORT.variable() + ": must differ from "
                    + (port == smtpPort ? SmtpListenerSection.PORT : AdminWebSection.PORT).variable() + " (" + port + ")");
        }
        return port;
    }

    /** Zero (the default) or up to {@link #MAX_DRAIN_DELAY}: a stop that waits longer would look like a hang. */
    private static Duration drainDelay(ConfigValues values) {
        Duration delay = values.duration(DRAIN_DELAY, "PT10S");
        if (delay.isNegative() || delay.compareTo(MAX_DRAIN_DELAY) > 0) {
            throw new ConfigException(DRAIN_DELAY.variable() + ": expected PT0S to " + MAX_DRAIN_DELAY + ", got " + delay);
        }
        return delay;
    }

    ManagementConfig managementConfig() {
        return new ManagementConfig(bind, port, metricsStoreLabel);
    }

    String describe() {
        return "management " + bind + ":" + port
                + (drainDelay.isZero() ? "" : ", not ready for " + drainDelay + " before a stop closes the listener")
                + (metricsStoreLabel ? " (deliveries per store)" : " (deliveries without the store label)");
    }
}
