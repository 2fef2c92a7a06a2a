package dev.storerelay.bootstrap;

import dev.storerelay.adapter.relay.ListenerConfig;
import dev.storerelay.adapter.relay.ListenerTls;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.Secret;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;

/**
 * The relay's configuration (README, *Configuration*), read from environment variables and, for the same keys, from the
 * properties file named by {@code STORE_RELAY_CONFIG}; the environment wins. Every value is checked here, before
 * anything starts, and a bad one stops the start with one line naming the variable.
 */
public record AppConfig(String smtpBind, int smtpPort, String adminBind, int adminPort, Path dataDir,
                        String dbUrl, String dbUser, String dbPassword, EmailAddress defaultSender,
                        String masterKey, String adminPassword, Path trustStore, String trustStorePassword,
                        String hostName, String storeHeader, long maxMessageBytes, int deliveryThreads,
                        Duration retryFirstDelay, Duration maxQueueLifetime, Duration deliveryLease,
                        ListenerTls smtpTls, boolean smtpRequireAuth, boolean smtpPlainTextAuth,
                        int smtpMaxConnections, int smtpMaxConnectionsPerClient, int smtpReservedConnections,
                        int maxDeliveriesPerStore,
                        Duration upstreamTimeout, boolean bounces, boolean adminSecureCookies, Duration messageRetention,
                        String managementBind, int managementPort, boolean metricsStoreLabel, LogFormat logFormat,
                        Duration drainDelay) {

    public AppConfig {
        Objects.requireNonNull(smtpBind, "smtpBind");
        Objects.requireNonNull(adminBind, "adminBind");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(defaultSender, "defaultSender");
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(storeHeader, "storeHeader");
        Objects.requireNonNull(retryFirstDelay, "retryFirstDelay");
        Objects.requireNonNull(maxQueueLifetime, "maxQueueLifetime");
        Objects.requireNonNull(deliveryLease, "deliveryLease");
        Objects.requireNonNull(messageRetention, "messageRetention");
        Objects.requireNonNull(logFormat, "logFormat");
        Objects.requireNonNull(managementBind, "managementBind");
        Objects.requireNonNull(drainDelay, "drainDelay");
    }

    /** The variables, their defaults ({@code null}: empty) and what they mean, in README order. */
    enum Key {
        SMTP_BIND("STORE_RELAY_SMTP_BIND", "127.0.0.1"),
        SMTP_PORT("STORE_RELAY_SMTP_PORT", "2525"),
        ADMIN_BIND("STORE_RELAY_ADMIN_BIND", "127.0.0.1"),
        ADMIN_PORT("STORE_RELAY_ADMIN_PORT", "8080"),
        DATA_DIR("STORE_RELAY_DATA_DIR", "./data"),
        DB_URL("STORE_RELAY_DB_URL", null),
        DB_USER("STORE_RELAY_DB_USER", null),
        DB_PASSWORD("STORE_RELAY_DB_PASSWORD", null),
        DEFAULT_SENDER("STORE_RELAY_DEFAULT_SENDER", "no-reply@localhost"),
        MASTER_KEY("STORE_RELAY_MASTER_KEY", null),
        ADMIN_PASSWORD("STORE_RELAY_ADMIN_PASSWORD", null),
        TRUSTSTORE("STORE_RELAY_TRUSTSTORE", null),
        TRUSTSTORE_PASSWORD("STORE_RELAY_TRUSTSTORE_PASSWORD", null),
        HOSTNAME("STORE_RELAY_HOSTNAME", null),
        STORE_HEADER("STORE_RELAY_STORE_HEADER", "X-Store-Id"),
        MAX_MESSAGE_SIZE("STORE_RELAY_MAX_MESSAGE_SIZE", "26214400"),
        DELIVERY_THREADS("STORE_RELAY_DELIVERY_THREADS", "16"),
        RETRY_FIRST_DELAY("STORE_RELAY_RETRY_FIRST_DELAY", "PT1M"),
        MAX_QUEUE_LIFETIME("STORE_RELAY_MAX_QUEUE_LIFETIME", "P5D"),
        MESSAGE_RETENTION("STORE_RELAY_MESSAGE_RETENTION", "P30D"),
        DELIVERY_LEASE("STORE_RELAY_DELIVERY_LEASE", "PT5M"),
        SMTP_TLS_CERT("STORE_RELAY_SMTP_TLS_CERT", null),
        SMTP_TLS_KEY("STORE_RELAY_SMTP_TLS_KEY", null),
        SMTP_TLS_KEYSTORE("STORE_RELAY_SMTP_TLS_KEYSTORE", null),
        SMTP_TLS_KEYSTORE_PASSWORD("STORE_RELAY_SMTP_TLS_KEYSTORE_PASSWORD", null),
        SMTP_REQUIRE_AUTH("STORE_RELAY_SMTP_REQUIRE_AUTH", "false"),
        SMTP_PLAINTEXT_AUTH("STORE_RELAY_SMTP_PLAINTEXT_AUTH", "false"),
        SMTP_MAX_CONNECTIONS("STORE_RELAY_SMTP_MAX_CONNECTIONS", "200"),
        SMTP_MAX_CONNECTIONS_PER_CLIENT("STORE_RELAY_SMTP_MAX_CONNECTIONS_PER_CLIENT", "50"),
        SMTP_RESERVED_CONNECTIONS("STORE_RELAY_SMTP_RESERVED_CONNECTIONS", null),
        MAX_DELIVERIES_PER_STORE("STORE_RELAY_MAX_DELIVERIES_PER_STORE", "8"),
        UPSTREAM_TIMEOUT("STORE_RELAY_UPSTREAM_TIMEOUT", "PT2M"),
        BOUNCES("STORE_RELAY_BOUNCES", "false"),
        ADMIN_SECURE_COOKIES("STORE_RELAY_ADMIN_SECURE_COOKIES", "false"),
        MANAGEMENT_BIND("STORE_RELAY_MANAGEMENT_BIND", "127.0.0.1"),
        MANAGEMENT_PORT("STORE_RELAY_MANAGEMENT_PORT", "8081"),
        METRICS_STORE_LABEL("STORE_RELAY_METRICS_STORE_LABEL", "true"),
        DRAIN_DELAY("STORE_RELAY_DRAIN_DELAY", "PT0S"),
        LOG_FORMAT(LogFormat.VARIABLE, LogFormat.TEXT.value());

        final String variable;
        final String defaultValue;

        Key(String variable, String defaultValue) {
            this.variable = variable;
            this.defaultValue = defaultValue;
        }

        boolean isSecret() {
            return this == DB_PASSWORD || this == MASTER_KEY || this == ADMIN_PASSWORD || this == TRUSTSTORE_PASSWORD
                    || this == SMTP_TLS_KEYSTORE_PASSWORD;
        }
    }

    public static final String CONFIG_FILE_VARIABLE = "STORE_RELAY_CONFIG";
    static final Duration MIN_DELIVERY_LEASE = Duration.ofSeconds(5);
    static final Duration MAX_DRAIN_DELAY = Duration.ofMinutes(5);

    /** Reads the configuration of this process: the environment, plus the file {@code STORE_RELAY_CONFIG} names. */
    public static AppConfig fromEnvironment() {
        return from(System.getenv());
    }

    /** Reads the configuration from the given variables (and the file they name). */
    public static AppConfig from(Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        String file = environment.get(CONFIG_FILE_VARIABLE);
        if (file != null && !file.isBlank()) {
            values.putAll(readFile(Path.of(file)));
        }
        for (Key key : Key.values()) {
            String value = environment.get(key.variable);
            if (value != null) {
                values.put(key.variable, value);
            }
        }
        return new Values(values).build();
    }

    private static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException(CONFIG_FILE_VARIABLE + ": cannot read " + file + " (" + e.getMessage() + ")");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            boolean known = false;
            for (Key key : Key.values()) {
                known |= key.variable.equals(name);
            }
            if (!known) {
                throw new ConfigException(CONFIG_FILE_VARIABLE + ": unknown key " + name + " in " + file);
            }
            values.put(name, properties.getProperty(name).strip());
        }
        return values;
    }

    /** Parses and checks each value. */
    private static final class Values {
        private final Map<String, String> values;

        Values(Map<String, String> values) {
            this.values = values;
        }

        String text(Key key) {
            String value = values.get(key.variable);
            if (value == null || value.isBlank()) {
                return key.defaultValue;
            }
            return value.strip();
        }

        <T> T parse(Key key, String expected, Function<String, T> parser) {
            String value = text(key);
            try {
                return parser.apply(value);
            } catch (RuntimeException e) {
                throw new ConfigException(key.variable + ": expected " + expected + ", got '" + (key.isSecret() ? "******" : value) + "'");
            }
        }

        int port(Key key) {
            int port = parse(key, "a port number 0-65535", Integer::parseInt);
            if (port < 0 || port > 65535) {
                throw new ConfigException(key.variable + ": expected a port number 0-65535, got " + port);
            }
            return port;
        }

        String bind(Key key) {
            String value = text(key);
            if (value.chars().anyMatch(Character::isWhitespace)) {
                throw new ConfigException(key.variable + ": expected a host name or IP address, got '" + value + "'");
            }
            return value;
        }

        int positive(Key key, int max) {
            int value = parse(key, "a whole number 1-" + max, Integer::parseInt);
            if (value < 1 || value > max) {
                throw new ConfigException(key.variable + ": expected a whole number 1-" + max + ", got " + value);
            }
            return value;
        }

        Duration duration(Key key) {
            Duration value;
            try {
                value = Duration.parse(text(key).toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new ConfigException(key.variable + ": expected an ISO-8601 duration such as PT1M or P5D, got '" + text(key) + "'");
            }
            if (value.isNegative() || value.isZero()) {
                throw new ConfigException(key.variable + ": must be positive, got " + value);
            }
            return value;
        }

        // A lease must outlast the longest delivery (connect and read timeouts), or a slow delivery could be
        // claimed by a second worker and sent twice.
        Duration lease() {
            Duration lease = duration(Key.DELIVERY_LEASE);
            if (lease.compareTo(MIN_DELIVERY_LEASE) < 0) {
                throw new ConfigException(Key.DELIVERY_LEASE.variable + ": must be at least " + MIN_DELIVERY_LEASE + ", got " + lease);
            }
            return lease;
        }

        /** Empty: the listener's default share of the connections; else fewer than all of them. */
        int reservedConnections(int maxConnections) {
            if (text(Key.SMTP_RESERVED_CONNECTIONS) == null) {
                return ListenerConfig.defaultReservedConnections(maxConnections);
            }
            String expected = "a whole number 0-" + (maxConnections - 1) + " (fewer than "
                    + Key.SMTP_MAX_CONNECTIONS.variable + ")";
            int value = parse(Key.SMTP_RESERVED_CONNECTIONS, expected, Integer::parseInt);
            if (value < 0 || value >= maxConnections) {
                throw new ConfigException(Key.SMTP_RESERVED_CONNECTIONS.variable + ": expected " + expected + ", got " + value);
            }
            return value;
        }

        boolean flag(Key key) {
            String value = text(key).toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                throw new ConfigException(key.variable + ": expected true or false, got '" + value + "'");
            }
            return Boolean.parseBoolean(value);
        }

        Path readableFile(Key key) {
            String value = text(key);
            if (value == null) {
                return null;
            }
            Path file = Path.of(value);
            if (!Files.isReadable(file)) {
                throw new ConfigException(key.variable + ": cannot read " + file);
            }
            return file;
        }

        /** STARTTLS on the listener: PEM certificate and key, or a PKCS#12 key store; none = no STARTTLS. */
        ListenerTls listenerTls() {
            Path certificate = readableFile(Key.SMTP_TLS_CERT);
            Path key = readableFile(Key.SMTP_TLS_KEY);
            Path keyStore = readableFile(Key.SMTP_TLS_KEYSTORE);
            if (keyStore != null && (certificate != null || key != null)) {
                throw new ConfigException(Key.SMTP_TLS_KEYSTORE.variable + ": give either a PKCS#12 key store or "
                        + Key.SMTP_TLS_CERT.variable + " and " + Key.SMTP_TLS_KEY.variable + ", not both");
            }
            if (keyStore != null) {
                String password = text(Key.SMTP_TLS_KEYSTORE_PASSWORD);
                return new ListenerTls.Pkcs12(keyStore, password == null ? null : new Secret(password));
            }
            if ((certificate == null) != (key == null)) {
                throw new ConfigException((certificate == null ? Key.SMTP_TLS_CERT : Key.SMTP_TLS_KEY).variable
                        + ": STARTTLS needs both " + Key.SMTP_TLS_CERT.variable + " and " + Key.SMTP_TLS_KEY.variable);
            }
            return certificate == null ? null : new ListenerTls.Pem(certificate, key);
        }

        LogFormat logFormat() {
            return LogFormat.parse(text(Key.LOG_FORMAT)).orElseThrow(() -> new ConfigException(Key.LOG_FORMAT.variable
                    + ": expected text or json, got '" + text(Key.LOG_FORMAT) + "'"));
        }

        /** Zero (the default) or up to {@link #MAX_DRAIN_DELAY}: a stop that waits longer would look like a hang. */
        Duration drainDelay() {
            Duration delay;
            try {
                delay = Duration.parse(text(Key.DRAIN_DELAY).toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new ConfigException(Key.DRAIN_DELAY.variable + ": expected an ISO-8601 duration such as PT10S, got '"
                        + text(Key.DRAIN_DELAY) + "'");
            }
            if (delay.isNegative() || delay.compareTo(MAX_DRAIN_DELAY) > 0) {
                throw new ConfigException(Key.DRAIN_DELAY.variable + ": expected PT0S to " + MAX_DRAIN_DELAY + ", got " + delay);
            }
            return delay;
        }

        Duration upstreamTimeout() {
            Duration timeout = duration(Key.UPSTREAM_TIMEOUT);
            Duration lease = lease();
            if (timeout.multipliedBy(2).compareTo(lease) >= 0) {
                throw new ConfigException(Key.UPSTREAM_TIMEOUT.variable + ": must be less than half of "
                        + Key.DELIVERY_LEASE.variable + " (" + lease + "), got " + timeout);
            }
            return timeout;
        }

        /** The management listener's own port: never one of the other two listeners'. */
        int managementPort(int smtpPort, int adminPort) {
            int port = port(Key.MANAGEMENT_PORT);
            if (port != 0 && (port == smtpPort || port == adminPort)) {
                throw new ConfigException(Key.MANAGEMENT_PORT.variable + ": must differ from "
                        + (port == smtpPort ? Key.SMTP_PORT : Key.ADMIN_PORT).variable + " (" + port + ")");
            }
            return port;
        }

        AppConfig build() {
            String dbUrl = text(Key.DB_URL);
            if (dbUrl != null && !dbUrl.startsWith("jdbc:mariadb:") && !dbUrl.startsWith("jdbc:mysql:")) {
                throw new ConfigException(Key.DB_URL.variable + ": expected a jdbc:mariadb://host:port/database URL");
            }
            String trustStoreText = text(Key.TRUSTSTORE);
            Path trustStore = trustStoreText == null ? null : Path.of(trustStoreText);
            if (trustStore != null && !Files.isReadable(trustStore)) {
                throw new ConfigException(Key.TRUSTSTORE.variable + ": cannot read " + trustStore);
            }
            String senderText = text(Key.DEFAULT_SENDER);
            if (!EmailAddress.isValid(senderText)) {
                throw new ConfigException(Key.DEFAULT_SENDER.variable + ": expected an e-mail address such as no-reply@example.com, got '" + senderText + "'");
            }
            String header = text(Key.STORE_HEADER);
            if (!header.matches("[\\x21-\\x39\\x3b-\\x7e]+")) {
                throw new ConfigException(Key.STORE_HEADER.variable + ": expected a header field name such as X-Store-Id, got '" + header + "'");
            }
            long maxMessage = parse(Key.MAX_MESSAGE_SIZE, "a size in bytes", Long::parseLong);
            if (maxMessage < 1024) {
                throw new ConfigException(Key.MAX_MESSAGE_SIZE.variable + ": expected at least 1024 bytes, got " + maxMessage);
            }
            String hostName = text(Key.HOSTNAME) != null ? text(Key.HOSTNAME) : localHostName();
            if (!hostName.matches("[\\x21-\\x7e]{1,255}")) {
                throw new ConfigException(Key.HOSTNAME.variable + ": expected a host name, got '" + hostName + "'");
            }
            String smtpBind = bind(Key.SMTP_BIND);
            int smtpMaxConnections = positive(Key.SMTP_MAX_CONNECTIONS, 100_000);
            int smtpPort = port(Key.SMTP_PORT);
            int adminPort = port(Key.ADMIN_PORT);
            return new AppConfig(smtpBind, smtpPort, bind(Key.ADMIN_BIND), adminPort,
                    Path.of(text(Key.DATA_DIR)), dbUrl, text(Key.DB_USER), text(Key.DB_PASSWORD),
                    new EmailAddress(senderText), text(Key.MASTER_KEY), text(Key.ADMIN_PASSWORD), trustStore,
                    text(Key.TRUSTSTORE_PASSWORD), hostName, header, maxMessage, positive(Key.DELIVERY_THREADS, 256),
                    duration(Key.RETRY_FIRST_DELAY), duration(Key.MAX_QUEUE_LIFETIME), lease(), listenerTls(),
                    flag(Key.SMTP_REQUIRE_AUTH), flag(Key.SMTP_PLAINTEXT_AUTH), smtpMaxConnections,
                    positive(Key.SMTP_MAX_CONNECTIONS_PER_CLIENT, 100_000), reservedConnections(smtpMaxConnections),
                    positive(Key.MAX_DELIVERIES_PER_STORE, 10_000),
                    upstreamTimeout(), flag(Key.BOUNCES), flag(Key.ADMIN_SECURE_COOKIES), duration(Key.MESSAGE_RETENTION),
                    bind(Key.MANAGEMENT_BIND), managementPort(smtpPort, adminPort), flag(Key.METRICS_STORE_LABEL),
                    logFormat(), drainDelay());
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    public boolean embeddedDatabase() {
        return dbUrl == null || dbUrl.isBlank();
    }

    /** The effective configuration for the start-up log, secrets masked. */
    public String describe() {
        return "SMTP listener " + smtpBind + ":" + smtpPort
                + ", admin " + adminBind + ":" + adminPort + (adminSecureCookies ? " (secure cookies)" : "")
                + ", management " + managementBind + ":" + managementPort
                + (drainDelay.isZero() ? "" : ", not ready for " + drainDelay + " before a stop closes the listener")
                + (metricsStoreLabel ? " (deliveries per store)" : " (deliveries without the store label)")
                + ", data dir " + dataDir.toAbsolutePath().normalize()
                + ", database " + (embeddedDatabase() ? "embedded MariaDB" : dbUrl + " as " + dbUser + " (password " + mask(dbPassword) + ")")
                + ", default sender " + defaultSender
                + ", master key " + (masterKey == null ? "from data dir" : "from STORE_RELAY_MASTER_KEY (******)")
                + ", admin password " + (adminPassword == null ? "generated at first start" : "configured (******)")
                + ", trust store " + (trustStore == null ? "JDK only" : trustStore + " + JDK")
                + ", host name " + hostName
                + ", store header " + storeHeader
                + ", max message " + maxMessageBytes + " bytes"
                + ", delivery threads " + deliveryThreads
                + ", first retry after " + retryFirstDelay
                + ", max queue lifetime " + maxQueueLifetime
                + ", finished messages kept " + messageRetention
                + ", delivery lease " + deliveryLease
                + ", STARTTLS " + (smtpTls == null ? "off" : smtpTls instanceof ListenerTls.Pem pem ? "PEM " + pem.certificateChain() : "PKCS#12 " + ((ListenerTls.Pkcs12) smtpTls).keyStore())
                + ", AUTH " + (smtpRequireAuth ? "required" : "optional") + (smtpPlainTextAuth ? ", also without TLS" : "")
                + ", max connections " + smtpMaxConnections + " (" + smtpMaxConnectionsPerClient + " per client, "
                + smtpReservedConnections + " reserved)"
                + ", max deliveries per store " + maxDeliveriesPerStore + ", upstream timeout " + upstreamTimeout
                + ", bounces " + (bounces ? "on" : "off")
                + ", log format " + logFormat.value();
    }

    private static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "(none)" : "******";
    }

    @Override
    public String toString() {
        return "AppConfig[" + describe() + "]";
    }
}
