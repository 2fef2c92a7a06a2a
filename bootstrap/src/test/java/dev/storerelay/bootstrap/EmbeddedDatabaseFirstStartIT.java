package dev.storerelay.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first start of a new data directory, watched by another local user (user {@code nobody}) who polls every
 * process's command line and every Unix socket and tries to log in to any MariaDB as root without a password
 * ({@code local-attacker.py}): it finds the relay's server and tries it, over TCP and through its socket, and never
 * gets in; no mariadbd ever runs with {@code --skip-grant-tables}, and the socket lies in an owner-only directory of
 * the data directory, out of the other user's reach.
 *
 * <p>Switching to another user needs root; elsewhere the test is skipped, except on CI (which runs as root).
 */
class EmbeddedDatabaseFirstStartIT {
    private Path base;
    private Path dataDir;
    private Process attacker;
    @RegisterExtension
    final RelayExtension relay = RelayExtension.builder().adminPassword("first-start-admin").embeddedDatabase()
            .dataDir(() -> dataDir).build();

    @AfterEach
    void cleanUp() throws IOException {
        if (attacker != null) {
            attacker.destroyForcibly();
        }
        if (base != null) {
            try (Stream<Path> paths = Files.walk(base)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void anotherLocalUserNeverLogsInToTheEmbeddedServerWhileTheRelayStartsOnANewDataDirectory() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("this test plays another local user, which needs root; CI runs as root");
        }
        Assumptions.assumeTrue(root, "playing another local user needs root");
        // Where operators put ./data: directories any local user may pass through.
        base = Files.createTempDirectory("store-relay-first-start",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        dataDir = Files.createDirectory(base.resolve("data"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        List<String> findings = startAttacker();
        await().atMost(Duration.ofSeconds(30)).until(() -> findings.contains("READY") || !attacker.isAlive());
        assertThat(findings).as("the other user's script runs").contains("READY");

        try (RelayExtension.Running running = relay.current()) {
            // The attacker has tried the running server over TCP, and there is nothing left to watch.
            String tcp = "TRY tcp:127.0.0.1:" + portOfRunningServer(findings, dataDir) + " ";
            await().atMost(Duration.ofSeconds(30)).until(() -> findings.stream().anyMatch(f -> f.startsWith(tcp)));
            assertThat(running.smtpPort()).isPositive();
        }
        Path socket = dataDir.resolve("mariadb-run").resolve("mariadbd.sock");
        assertThat(findings).as("findings of the other user").noneMatch(f -> f.endsWith(" GOT_IN"))
                .noneMatch(f -> f.startsWith("SKIP_GRANT_TABLES"))
                .contains("TRY unix:" + socket + " EACCES")
                .filteredOn(f -> isServerOn(f, dataDir))
                .isNotEmpty()
                .allSatisfy(server -> assertThat(server).contains("--socket=" + socket + " ").doesNotContain("--skip-grant-tables"));
    }

    /** The port of the relay's running server (the last one started), from the command line the attacker saw. */
    private static String portOfRunningServer(List<String> findings, Path dataDir) {
        await().atMost(Duration.ofSeconds(30)).until(() -> findings.stream().anyMatch(f -> isServerOn(f, dataDir)));
        String server = findings.stream().filter(f -> isServerOn(f, dataDir)).reduce((first, last) -> last).orElseThrow();
        return Stream.of(server.split(" ")).filter(a -> a.startsWith("--port=")).map(a -> a.substring("--port=".length()))
                .findFirst().orElseThrow();
    }

    /**
     * Whether a finding is the relay's server on {@code dataDir}: a mariadbd with a port (the installation's
     * {@code mariadbd --bootstrap} before it reads its SQL from a pipe, with no network or socket).
     */
    private static boolean isServerOn(String finding, Path dataDir) {
        return finding.startsWith("SERVER ") && finding.contains("--datadir=" + dataDir.resolve("mariadb"))
                && finding.contains(" --port=");
    }

    /**
     * {@code local-attacker.py} as user nobody, its script on standard input; its findings as they come. Debian's own
     * Python, since another user cannot reach one installed under root's home.
     */
    private List<String> startAttacker() throws IOException {
        attacker = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "/usr/bin/python3", "-u", "-").redirectErrorStream(true).start();
        try (InputStream script = getClass().getResourceAsStream("/local-attacker.py");
             OutputStream stdin = attacker.getOutputStream()) {
            script.transferTo(stdin);
        }
        List<String> findings = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(attacker.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(findings::add);
            } catch (IOException | UncheckedIOException e) {
                // the attacker was stopped
            }
        }, "local-attacker-output");
        reader.setDaemon(true);
        reader.start();
        return findings;
    }
}
