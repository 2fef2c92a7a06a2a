package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.application.service.CredentialChecks;
import dev.storerelay.application.service.AuditTrail;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.RelayCredentialsPort;
import dev.storerelay.application.service.PasswordHashing;
import dev.storerelay.application.service.RelayCredentialService;
import dev.storerelay.application.testing.MutableClock;
import dev.storerelay.domain.model.OrgTree;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.policy.PasswordGuessingPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SMTP AUTH guessing over several connections against a real listener and the real relay credential service: the
 * guesses are slowed down per user name and client address whatever the connection, with {@code 454 4.7.0}. The
 * service's clock is moved by the test; the second client address is 127.0.0.2 (the listener is on 127.0.0.1).
 */
class SmtpAuthThrottleIT {
    private static final String USER = "shop7";
    private static final String PASSWORD = "s3cret-pass-77";
    private static final int FREE = PasswordGuessingPolicy.DEFAULT.freeFailures();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private RelayCredentialService credentials;
    private SmtpServer server;

    @BeforeEach
    void start() {
        UnitId unit = UnitId.of("s7");
        OrgTree tree = OrgTree.of(List.of(new OrgUnit(unit, "Store 7", null)));
        LoadOrgTreePort units = () -> tree;
        credentials = new RelayCredentialService(units, new MapCredentials(),
                new PasswordHashing(new SecureRandom(), 1000), new SecureRandom(), clock, AuditTrail.NONE, CredentialChecks.DEFAULT);
        credentials.setCredentials(unit, USER, PASSWORD);
        server = TestSmtpServers.listener(TestListenerConfigs.loopback().build()).credentials(credentials).start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void guessesOverSeveralConnectionsAreSlowedDownAndTheRightPasswordWaitsTooUntilTheDelayIsOver() throws IOException {
        int failed = 0;
        while (failed <= FREE) {                      // the free failures and the one that starts the wait
            try (Connection c = connect("127.0.0.1")) {
                for (int i = 0; i < AuthExchange.MAX_FAILURES && failed <= FREE; i++, failed++) {
                    boolean lastOfConnection = i == AuthExchange.MAX_FAILURES - 1;
                    assertThat(c.auth(USER, "guess-" + failed))
                            .startsWith(lastOfConnection ? "421 4.7.0" : "535 5.7.8");
                }
            }
        }

        try (Connection c = connect("127.0.0.1")) {
            assertThat(c.auth(USER, "guess-again")).isEqualTo(
                    "454 4.7.0 Too many failed authentication attempts from your address, try again later");
            assertThat(c.auth(USER, PASSWORD)).as("the right password, unchecked").startsWith("454 4.7.0");
            assertThat(c.auth(USER, PASSWORD)).as("each counts for the connection").startsWith("421 4.7.0");
            assertThat(c.closedByServer()).isTrue();
        }
        try (Connection c = connect("127.0.0.2")) {
            assertThat(c.auth(USER, PASSWORD)).as("the same user name from another address").startsWith("235 2.7.0");
        }

        clock.advance(Duration.ofSeconds(1));
        try (Connection c = connect("127.0.0.1")) {
            assertThat(c.auth(USER, PASSWORD)).startsWith("235 2.7.0");
        }
    }

    @Test
    void guessingOtherUserNamesFromTheSameAddressDoesNotSlowDownTheRightOne() throws IOException {
        for (int i = 0; i < 3 * FREE; i++) {
            try (Connection c = connect("127.0.0.1")) {
                assertThat(c.auth("user" + i, "guess")).startsWith("535 5.7.8");
            }
        }

        try (Connection c = connect("127.0.0.1")) {
            assertThat(c.auth(USER, PASSWORD)).startsWith("235 2.7.0");
        }
    }

    private Connection connect(String from) throws IOException {
        Connection c = new Connection(from, server.boundPort());
        assertThat(c.line()).startsWith("220 ");
        c.send("EHLO client.example");
        String line;
        do {
            line = c.line();
        } while (line.startsWith("250-"));
        assertThat(line).isEqualTo("250 ENHANCEDSTATUSCODES");
        return c;
    }

    /** One SMTP connection from a chosen loopback address; every reply here is one line but EHLO's. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket = new Socket();
        private final BufferedReader in;
        private final OutputStream out;

        Connection(String from, int port) throws IOException {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(SmtpTestClient.READ_TIMEOUT_MILLIS);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = socket.getOutputStream();
        }

        String auth(String user, String password) throws IOException {
            send("AUTH PLAIN " + Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                    .getBytes(StandardCharsets.UTF_8)));
            return line();
        }

        void send(String command) throws IOException {
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        String line() throws IOException {
            String line = in.readLine();
            assertThat(line).as("a reply").isNotNull();
            return line;
        }

        boolean closedByServer() throws IOException {
            return in.read() < 0;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Relay credentials in a map, as the port promises: one per unit, each user name used by one unit. */
    private static final class MapCredentials implements RelayCredentialsPort {
        private final Map<UnitId, RelayCredential> byUnit = new ConcurrentHashMap<>();

        @Override
        public Optional<RelayCredential> findByUsername(String username) {
            return byUnit.values().stream().filter(c -> c.username().equals(username)).findFirst();
        }

        @Override
        public Optional<RelayCredential> findByUnit(UnitId unit) {
            return Optional.ofNullable(byUnit.get(unit));
        }

        @Override
        public boolean saveCredential(RelayCredential credential) {
            byUnit.put(credential.unit(), credential);
            return true;
        }

        @Override
        public void deleteCredential(UnitId unit) {
            byUnit.remove(unit);
        }
    }
}
