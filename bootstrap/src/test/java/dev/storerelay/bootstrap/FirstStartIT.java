package dev.storerelay.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default set-up, as the README's run command has it: embedded MariaDB in the data directory, a generated admin
 * password shown once, and everything still there after a restart.
 */
class FirstStartIT {
    private static final Pattern GENERATED = Pattern.compile("user 'admin', password '([^']+)'");

    @TempDir
    Path dataDir;

    private AppConfig config() {
        return AppConfig.from(Map.of("STORE_RELAY_DATA_DIR", dataDir.toString(), "STORE_RELAY_SMTP_PORT", "0",
                "STORE_RELAY_ADMIN_PORT", "0", "STORE_RELAY_MANAGEMENT_PORT", "0", "STORE_RELAY_HOSTNAME", "relay.test"));
    }

    private static String greeting(int port) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void theEmbeddedDefaultStartsKeepsItsDataAndShowsTheGeneratedAdminPasswordOnce() throws Exception {
        assertThat(config().embeddedDatabase()).isTrue();
        ByteArrayOutputStream firstConsole = new ByteArrayOutputStream();
        String password;
        try (CapturedLogs logs = new CapturedLogs();
             StoreRelay relay = StoreRelay.start(config(), new PrintStream(firstConsole, true, StandardCharsets.UTF_8))) {
            assertThat(logs.lines()).as("the last start-up line names the admin page to open")
                    .anySatisfy(line -> assertThat(line).contains("store-relay started: admin page on http://127.0.0.1:"
                            + relay.adminPort() + "/admin (JSON API http://127.0.0.1:" + relay.adminPort() + "/api)"));
            Matcher generated = GENERATED.matcher(firstConsole.toString(StandardCharsets.UTF_8));
            assertThat(generated.find()).as("the generated password is shown").isTrue();
            password = generated.group(1);

            assertThat(greeting(relay.smtpPort())).startsWith("220 relay.test");
            AdminApi api = new AdminApi(relay.adminPort(), "admin", password);
            api.ok(api.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
            assertThat(new AdminApi(relay.adminPort(), "admin", "wrong").get("/api/units").status()).isEqualTo(401);
        }
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("master.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        ByteArrayOutputStream secondConsole = new ByteArrayOutputStream();
        try (StoreRelay relay = StoreRelay.start(config(), new PrintStream(secondConsole, true, StandardCharsets.UTF_8))) {
            assertThat(secondConsole.toString(StandardCharsets.UTF_8)).doesNotContain(password).doesNotContain("Initial admin");
            AdminApi api = new AdminApi(relay.adminPort(), "admin", password);
            assertThat(api.ok(api.get("/api/units")).get(0).get("id").asText()).isEqualTo("company");
        }
    }
}
