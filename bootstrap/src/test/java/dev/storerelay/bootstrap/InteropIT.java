package dev.storerelay.bootstrap;

import dev.storerelay.adapter.relay.testing.FakeUpstream;
import dev.storerelay.adapter.relay.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real third-party clients submit to the listener: Python's smtplib and swaks, each as its own process, and the
 * mail reaches the store's upstream.
 */
class InteropIT {
    private static final String ADMIN_PASSWORD = "interop-admin";
    private static final String RELAY_PASSWORD = "relay-password-2026";

    @RegisterExtension
    static final RelayExtension relay = RelayExtension.builder().adminPassword(ADMIN_PASSWORD).env(Map.of(
            "STORE_RELAY_SMTP_TLS_KEYSTORE", TestCertificates.localhost().keyStore().toString(),
            "STORE_RELAY_SMTP_TLS_KEYSTORE_PASSWORD", TestCertificates.PASSWORD)).build();

    private static FakeUpstream upstream;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.plain();
        AdminApi api = relay.api();
        api.ok(api.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
        api.ok(api.put("/api/units/store-py", "{\"name\":\"Store Py\",\"parentId\":\"company\"}"));
        api.ok(api.put("/api/units/store-py/smtp", "{\"serverAddress\":\"127.0.0.1\",\"port\":" + upstream.port()
                + ",\"secureSocketOptions\":\"NONE\",\"outgoingEmailAddress\":\"store-py@shop.example\"}"));
        api.ok(api.put("/api/units/store-auth", "{\"name\":\"Store Auth\",\"parentId\":\"company\"}"));
        api.ok(api.put("/api/units/store-auth/smtp", "{\"serverAddress\":\"127.0.0.1\",\"port\":" + upstream.port()
                + ",\"secureSocketOptions\":\"NONE\",\"outgoingEmailAddress\":\"store-auth@shop.example\"}"));
        api.ok(api.put("/api/units/store-auth/relay-credentials", "{\"username\":\"erp-auth\",\"password\":\"" + RELAY_PASSWORD + "\"}"));
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    private static Path script() {
        try {
            return Path.of(InteropIT.class.getResource("/interop/submit.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FakeUpstream.Received deliveredTo(String recipient) {
        await().atMost(Duration.ofSeconds(30)).until(() -> upstream.received().stream().anyMatch(r -> r.recipients().contains(recipient)));
        return upstream.received().stream().filter(r -> r.recipients().contains(recipient)).findFirst().orElseThrow();
    }

    @Test
    void pythonSmtplibSubmitsInPlainText() {
        ExternalClient.requireTool("python3");
        List<String> command = new ArrayList<>(List.of("python3", script().toString(), "--port", Integer.toString(relay.smtpPort()),
                "--store", "store-py", "--sender", "erp@legacy.local", "--to", "py-plain@example.com"));

        ExternalClient.Result result = ExternalClient.run(command);

        assertThat(result.exitCode()).as(result.output()).isZero();
        FakeUpstream.Received received = deliveredTo("py-plain@example.com");
        assertThat(received.envelopeFrom()).isEqualTo("store-py@shop.example");
        assertThat(received.text()).contains("From: Legacy ERP <store-py@shop.example>").doesNotContainIgnoringCase("X-Store-Id");
    }

    @Test
    void pythonSmtplibSubmitsAnInternationalizedRecipientWithSmtpUtf8() {
        ExternalClient.Result result = python("kunde-py@b\\u00e4ckerei.example", "--store", "store-py");

        assertThat(result.exitCode()).as(result.output()).isZero();
        FakeUpstream.Received received = deliveredTo("kunde-py@bäckerei.example");
        assertThat(received.recipients()).containsExactly("kunde-py@bäckerei.example");
        assertThat(received.envelopeFrom()).isEqualTo("store-py@shop.example");
        assertThat(received.text()).contains("To: kunde-py@bäckerei.example");
    }

    @Test
    void swaksSubmitsInPlainText() {
        ExternalClient.requireTool("swaks");

        ExternalClient.Result result = ExternalClient.run(List.of("swaks", "--server", "127.0.0.1", "--port",
                Integer.toString(relay.smtpPort()), "--helo", "swaks.legacy.local", "--from", "erp@legacy.local",
                "--to", "swaks-plain@example.com", "--header", "X-Store-Id: store-py", "--header", "Subject: swaks interop",
                "--body", "Sent by swaks.", "--timeout", "30"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("<-  250 2.0.0 Ok: queued as");
        assertThat(deliveredTo("swaks-plain@example.com").envelopeFrom()).isEqualTo("store-py@shop.example");
    }

    private static ExternalClient.Result python(String to, String... options) {
        ExternalClient.requireTool("python3");
        List<String> command = new ArrayList<>(List.of("python3", script().toString(), "--port", Integer.toString(relay.smtpPort()),
                "--sender", "erp@legacy.local", "--to", to));
        command.addAll(List.of(options));
        return ExternalClient.run(command);
    }

    @Test
    void pythonSmtplibSubmitsOverStartTlsVerifyingTheRelaysCertificate() {
        ExternalClient.Result result = python("py-tls@example.com", "--store", "store-py", "--starttls",
                "--cafile", TestCertificates.localhost().certificatePem().toString(), "--host", "localhost");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("tls=yes");
        assertThat(deliveredTo("py-tls@example.com").envelopeFrom()).isEqualTo("store-py@shop.example");
    }

    @Test
    void pythonSmtplibAuthenticatesOverStartTlsAndTheCredentialPicksTheStore() {
        ExternalClient.Result result = python("py-auth@example.com", "--starttls", "--host", "localhost",
                "--cafile", TestCertificates.localhost().certificatePem().toString(), "--user", "erp-auth", "--password", RELAY_PASSWORD);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(deliveredTo("py-auth@example.com").envelopeFrom()).isEqualTo("store-auth@shop.example");
    }

    @Test
    void pythonSmtplibAuthenticatesInPlainTextOnLoopback() {
        ExternalClient.Result result = python("py-plain-auth@example.com", "--user", "erp-auth", "--password", RELAY_PASSWORD);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(deliveredTo("py-plain-auth@example.com").envelopeFrom()).isEqualTo("store-auth@shop.example");
    }

    @Test
    void aWrongRelayPasswordIsRefused() {
        ExternalClient.Result result = python("py-wrong@example.com", "--user", "erp-auth", "--password", "not-the-password");

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("535");
    }

    @Test
    void anAuthenticatedClientCannotClaimAnotherStore() {
        ExternalClient.Result result = python("py-claim@example.com", "--store", "store-py", "--user", "erp-auth", "--password", RELAY_PASSWORD);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("550").contains("5.7.1");
    }

    @Test
    void swaksAuthenticatesOverStartTls() {
        ExternalClient.requireTool("swaks");

        ExternalClient.Result result = ExternalClient.run(List.of("swaks", "--server", "localhost", "--port",
                Integer.toString(relay.smtpPort()), "--helo", "swaks.legacy.local", "--from", "erp@legacy.local",
                "--to", "swaks-auth@example.com", "--tls", "--tls-verify", "--tls-ca-path",
                TestCertificates.localhost().certificatePem().toString(), "--auth", "PLAIN", "--auth-user", "erp-auth",
                "--auth-password", RELAY_PASSWORD, "--body", "Sent by swaks over TLS.", "--timeout", "30"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("<~  235 2.7.0").contains("<~  250 2.0.0 Ok: queued as");
        assertThat(deliveredTo("swaks-auth@example.com").envelopeFrom()).isEqualTo("store-auth@shop.example");
    }
}
