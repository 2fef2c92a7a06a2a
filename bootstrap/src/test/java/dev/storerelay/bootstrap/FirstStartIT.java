package dev.storerelay.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default set-up, as the README's run command has it: embedded MariaDB in the data directory, a generated admin
 * password shown once, and everything still there after a restart.
 */
class FirstStartIT {
    private static final Pattern GENERATED = Pattern.compile("user 'admin', password '([^']+)'");

    /** What an operator sets at the least: ports, data directory and host name; the rest is the relay's default. */
    @RegisterExtension
    final RelayExtension relay = RelayExtension.builder().embeddedDatabase().capturingLogs().without(
            "STORE_RELAY_ADMIN_PASSWORD", "STORE_RELAY_DEFAULT_SENDER", "STORE_RELAY_DELIVERY_THREADS",
            "STORE_RELAY_RETRY_FIRST_DELAY").build();

    private static String greeting(int port) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void theEmbeddedDefaultStartsKeepsItsDataAndShowsTheGeneratedAdminPasswordOnce() throws Exception {
        String password;
        try (RelayExtension.Running first = relay.current()) {
            assertThat(first.config().embeddedDatabase()).isTrue();
            assertThat(relay.logs().lines()).as("the last start-up line names the admin page to open")
                    .anySatisfy(line -> assertThat(line).contains("store-relay started: admin page on http://127.0.0.1:"
                            + first.adminPort() + "/admin (JSON API http://127.0.0.1:" + first.adminPort() + "/api)"));
            Matcher generated = GENERATED.matcher(first.console());
            assertThat(generated.find()).as("the generated password is shown").isTrue();
            password = generated.group(1);

            assertThat(greeting(first.smtpPort())).startsWith("220 relay.test");
            AdminApi api = new AdminApi(first.adminPort(), "admin", password);
            api.ok(api.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
            assertThat(new AdminApi(first.adminPort(), "admin", "wrong").get("/api/units").status()).isEqualTo(401);
        }
        assertThat(Files.getPosixFilePermissions(relay.dataDir().resolve("master.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        RelayExtension.Running second = relay.restart();
        assertThat(second.console()).doesNotContain(password).doesNotContain("Initial admin");
        AdminApi api = new AdminApi(second.adminPort(), "admin", password);
        assertThat(api.ok(api.get("/api/units")).get(0).get("id").asText()).isEqualTo("company");
    }
}
