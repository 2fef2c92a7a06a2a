package dev.storerelay.bootstrap;

import dev.storerelay.adapter.persistence.EmbeddedTestDatabase;
import dev.storerelay.adapter.persistence.PersistenceConfig;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
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

    @TempDir
    static Path dataDir;

    private static FakeUpstream upstream;
    private static StoreRelay relay;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.plain();
        PersistenceConfig db = EmbeddedTestDatabase.freshDatabase(dataDir);
        relay = StoreRelay.start(TestConfigs.config(db, dataDir, ADMIN_PASSWORD, Map.of()),
                new PrintStream(OutputStream.nullOutputStream()));
        AdminApi api = new AdminApi(relay.adminPort(), "admin", ADMIN_PASSWORD);
        api.ok(api.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
        api.ok(api.put("/api/units/store-py", "{\"name\":\"Store Py\",\"parentId\":\"company\"}"));
        api.ok(api.put("/api/units/store-py/smtp", "{\"serverAddress\":\"127.0.0.1\",\"port\":" + upstream.port()
                + ",\"secureSocketOptions\":\"NONE\",\"outgoingEmailAddress\":\"store-py@shop.example\"}"));
    }

    @AfterAll
    static void stop() {
        relay.close();
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
}
