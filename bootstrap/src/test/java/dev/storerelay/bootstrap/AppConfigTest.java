package dev.storerelay.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppConfigTest {

    @Test
    void defaultsBindToLoopbackAndUseTheEmbeddedDatabase() {
        AppConfig config = AppConfig.from(Map.of());

        assertThat(config.smtpListener().bind()).isEqualTo("127.0.0.1");
        assertThat(config.smtpListener().port()).isEqualTo(2525);
        assertThat(config.adminWeb().bind()).isEqualTo("127.0.0.1");
        assertThat(config.adminWeb().port()).isEqualTo(8080);
        assertThat(config.database().dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.embeddedDatabase()).isTrue();
        assertThat(config.identity().defaultSender().value()).isEqualTo("no-reply@localhost");
        assertThat(config.identity().storeHeader()).isEqualTo("X-Store-Id");
        assertThat(config.delivery().maxQueueLifetime()).isEqualTo(Duration.ofDays(5));
        assertThat(config.delivery().messageRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(config.delivery().bounces()).as("bounces are off unless the operator turns them on").isFalse();
        assertThat(AppConfig.from(Map.of("STORE_RELAY_BOUNCES", "true")).delivery().bounces()).isTrue();
        assertThat(config.adminWeb().secureCookies()).as("the admin binds to loopback over plain HTTP by default").isFalse();
        assertThat(AppConfig.from(Map.of("STORE_RELAY_ADMIN_SECURE_COOKIES", "true")).adminWeb().secureCookies()).isTrue();
        assertThat(config.management().bind()).as("the unauthenticated management listener on loopback").isEqualTo("127.0.0.1");
        assertThat(config.management().port()).isEqualTo(8081);
        assertThat(config.management().metricsStoreLabel()).isTrue();
        assertThat(AppConfig.from(Map.of("STORE_RELAY_METRICS_STORE_LABEL", "false")).management().metricsStoreLabel()).isFalse();
        assertThat(config.management().drainDelay()).as("a stop closes the listener at once unless told to wait").isZero();
        assertThat(AppConfig.from(Map.of("STORE_RELAY_DRAIN_DELAY", "pt15s")).management().drainDelay()).isEqualTo(Duration.ofSeconds(15));
        assertThat(AppConfig.from(Map.of("STORE_RELAY_MANAGEMENT_BIND", "0.0.0.0", "STORE_RELAY_MANAGEMENT_PORT", "9100")))
                .satisfies(c -> assertThat(c.management().bind() + ":" + c.management().port()).isEqualTo("0.0.0.0:9100"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "STORE_RELAY_SMTP_PORT      | abc                  | STORE_RELAY_SMTP_PORT: expected a port number",
            "STORE_RELAY_ADMIN_PORT     | 70000                | STORE_RELAY_ADMIN_PORT: expected a port number",
            "STORE_RELAY_DEFAULT_SENDER | not an address       | STORE_RELAY_DEFAULT_SENDER: expected an e-mail address",
            "STORE_RELAY_DB_URL         | postgres://x         | STORE_RELAY_DB_URL: expected a jdbc:mariadb",
            "STORE_RELAY_TRUSTSTORE     | /no/such/file.p12    | STORE_RELAY_TRUSTSTORE: cannot read",
            "STORE_RELAY_MAX_QUEUE_LIFETIME | five days        | STORE_RELAY_MAX_QUEUE_LIFETIME: expected an ISO-8601 duration",
            "STORE_RELAY_MESSAGE_RETENTION  | -P1D             | STORE_RELAY_MESSAGE_RETENTION: must be positive",
            "STORE_RELAY_DELIVERY_THREADS | 0                  | STORE_RELAY_DELIVERY_THREADS: expected a whole number",
            "STORE_RELAY_STORE_HEADER   | X Store              | STORE_RELAY_STORE_HEADER: expected a header field name",
            "STORE_RELAY_SMTP_REQUIRE_AUTH | yes               | STORE_RELAY_SMTP_REQUIRE_AUTH: expected true or false",
            "STORE_RELAY_BOUNCES        | sometimes            | STORE_RELAY_BOUNCES: expected true or false",
            "STORE_RELAY_ADMIN_SECURE_COOKIES | yes            | STORE_RELAY_ADMIN_SECURE_COOKIES: expected true or false",
            "STORE_RELAY_DELIVERY_LEASE | PT1S                 | STORE_RELAY_DELIVERY_LEASE: must be at least PT5S",
            "STORE_RELAY_SMTP_TLS_CERT  | /no/such/cert.pem    | STORE_RELAY_SMTP_TLS_CERT: cannot read",
            "STORE_RELAY_SMTP_RESERVED_CONNECTIONS | 200   | STORE_RELAY_SMTP_RESERVED_CONNECTIONS: expected a whole number 0-199 (fewer than STORE_RELAY_SMTP_MAX_CONNECTIONS), got 200",
            "STORE_RELAY_SMTP_RESERVED_CONNECTIONS | -1    | STORE_RELAY_SMTP_RESERVED_CONNECTIONS: expected a whole number 0-199",
            "STORE_RELAY_SMTP_RESERVED_CONNECTIONS | many  | STORE_RELAY_SMTP_RESERVED_CONNECTIONS: expected a whole number 0-199",
            "STORE_RELAY_LOG_FORMAT     | xml                  | STORE_RELAY_LOG_FORMAT: expected text or json, got 'xml'",
            "STORE_RELAY_MANAGEMENT_PORT | 65536              | STORE_RELAY_MANAGEMENT_PORT: expected a port number",
            "STORE_RELAY_MANAGEMENT_PORT | 8080               | STORE_RELAY_MANAGEMENT_PORT: must differ from STORE_RELAY_ADMIN_PORT (8080)",
            "STORE_RELAY_MANAGEMENT_PORT | 2525               | STORE_RELAY_MANAGEMENT_PORT: must differ from STORE_RELAY_SMTP_PORT (2525)",
            "STORE_RELAY_MANAGEMENT_BIND | a b                | STORE_RELAY_MANAGEMENT_BIND: expected a host name or IP address",
            "STORE_RELAY_METRICS_STORE_LABEL | no             | STORE_RELAY_METRICS_STORE_LABEL: expected true or false",
            "STORE_RELAY_DRAIN_DELAY    | 10 seconds           | STORE_RELAY_DRAIN_DELAY: expected an ISO-8601 duration such as PT10S",
            "STORE_RELAY_DRAIN_DELAY    | -PT1S                | STORE_RELAY_DRAIN_DELAY: expected PT0S to PT5M, got PT-1S",
            "STORE_RELAY_DRAIN_DELAY    | PT6M                 | STORE_RELAY_DRAIN_DELAY: expected PT0S to PT5M, got PT6M",
    })
    void aBadValueStopsTheStartWithOneLineNamingTheVariable(String variable, String value, String message) {
        assertThatThrownBy(() -> AppConfig.from(Map.of(variable, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n");
    }

    @Test
    void theLogIsTextUnlessJsonIsAskedFor(@TempDir Path dir) throws IOException {
        assertThat(AppConfig.from(Map.of()).logging().format()).isEqualTo(LogFormat.TEXT);
        assertThat(AppConfig.from(Map.of("STORE_RELAY_LOG_FORMAT", "json")).logging().format()).isEqualTo(LogFormat.JSON);
        assertThat(AppConfig.from(Map.of("STORE_RELAY_LOG_FORMAT", " JSON ")).logging().format()).isEqualTo(LogFormat.JSON);
        assertThat(AppConfig.from(Map.of("STORE_RELAY_LOG_FORMAT", "Text")).logging().format()).isEqualTo(LogFormat.TEXT);
        Path file = dir.resolve("relay.properties");
        Files.writeString(file, "STORE_RELAY_LOG_FORMAT=json\n");
        AppConfig fromFile = AppConfig.from(Map.of("STORE_RELAY_CONFIG", file.toString()));
        assertThat(fromFile.logging().format()).isEqualTo(LogFormat.JSON);
        assertThat(fromFile.describe()).endsWith(", log format json");
        assertThat(AppConfig.from(Map.of()).describe()).endsWith(", log format text");
    }

    @Test
    void aQuarterOfTheListenersConnectionsIsReservedUnlessConfigured() {
        assertThat(AppConfig.from(Map.of()).smtpListener().reservedConnections()).isEqualTo(50);
        assertThat(AppConfig.from(Map.of("STORE_RELAY_SMTP_MAX_CONNECTIONS", "40")).smtpListener().reservedConnections()).isEqualTo(10);
        assertThat(AppConfig.from(Map.of("STORE_RELAY_SMTP_RESERVED_CONNECTIONS", "0")).smtpListener().reservedConnections()).isZero();
        assertThat(AppConfig.from(Map.of("STORE_RELAY_SMTP_MAX_CONNECTIONS", "10", "STORE_RELAY_SMTP_RESERVED_CONNECTIONS", "9"))
                .smtpListener().reservedConnections()).isEqualTo(9);
        assertThatThrownBy(() -> AppConfig.from(Map.of("STORE_RELAY_SMTP_MAX_CONNECTIONS", "10",
                "STORE_RELAY_SMTP_RESERVED_CONNECTIONS", "10")))
                .hasMessage("STORE_RELAY_SMTP_RESERVED_CONNECTIONS: expected a whole number 0-9 (fewer than "
                        + "STORE_RELAY_SMTP_MAX_CONNECTIONS), got 10");
    }

    @Test
    void theListenerMayBindToTheNetworkBecauseSubmittersAreRestricted() {
        assertThat(AppConfig.from(Map.of("STORE_RELAY_SMTP_BIND", "0.0.0.0")).smtpListener().bind()).isEqualTo("0.0.0.0");
    }

    @Test
    void startTlsNeedsBothCertificateAndKey(@TempDir Path dir) throws IOException {
        Path certificate = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n");

        assertThatThrownBy(() -> AppConfig.from(Map.of("STORE_RELAY_SMTP_TLS_CERT", certificate.toString())))
                .hasMessageStartingWith("STORE_RELAY_SMTP_TLS_KEY: STARTTLS needs both");
    }

    @Test
    void aSecretIsNeverEchoedInAnError() {
        assertThatThrownBy(() -> AppConfig.from(Map.of("STORE_RELAY_DB_URL", "jdbc:mariadb://db/x", "STORE_RELAY_DB_PASSWORD", "hunter2",
                "STORE_RELAY_SMTP_PORT", "x")))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void theFileSetsTheSameKeysAndTheEnvironmentWins(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("relay.properties");
        Files.writeString(file, "STORE_RELAY_SMTP_PORT=2600\nSTORE_RELAY_DEFAULT_SENDER=mail@example.com\n");

        AppConfig config = AppConfig.from(Map.of("STORE_RELAY_CONFIG", file.toString(), "STORE_RELAY_SMTP_PORT", "2700"));

        assertThat(config.smtpListener().port()).isEqualTo(2700);
        assertThat(config.identity().defaultSender().value()).isEqualTo("mail@example.com");
    }

    @Test
    void anUnknownKeyInTheFileIsAnError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("relay.properties");
        Files.writeString(file, "STORE_RELAY_SMTP_PROT=2600\n");

        assertThatThrownBy(() -> AppConfig.from(Map.of("STORE_RELAY_CONFIG", file.toString())))
                .hasMessageContaining("unknown key STORE_RELAY_SMTP_PROT");
    }

    @Test
    void theDescriptionMasksSecrets() {
        AppConfig config = AppConfig.from(Map.of("STORE_RELAY_DB_URL", "jdbc:mariadb://db:3306/relay", "STORE_RELAY_DB_USER", "relay",
                "STORE_RELAY_DB_PASSWORD", "db-secret", "STORE_RELAY_MASTER_KEY", "key-secret", "STORE_RELAY_ADMIN_PASSWORD", "admin-secret"));

        assertThat(config.describe()).doesNotContain("db-secret", "key-secret", "admin-secret").contains("jdbc:mariadb://db:3306/relay");
        assertThat(config.toString()).doesNotContain("db-secret", "key-secret", "admin-secret");
    }
}
