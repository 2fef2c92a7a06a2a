package dev.storerelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.storerelay.adapter.relay.testing.FakeUpstream.StartTls;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import dev.storerelay.adapter.relay.testing.TestCertificates;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path over real sockets: a legacy client submits to the listener, the message is queued in MariaDB, a
 * delivery worker forwards it with the store's settings — configured through the JSON API — to that store's
 * upstream. Upstream certificates are trusted through the relay's trust store setting, never by disabling checks.
 */
class RelayEndToEndIT {
    private static final String ADMIN_PASSWORD = "e2e-admin-password";
    private static final String B_PASSWORD = "b-smtps-secret-4711";
    private static final String C_PASSWORD = "c-starttls-secret-0815";
    private static final String WRONG_PASSWORD = "not-the-b-password-1234";
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    private static GreenMail upstreamA;
    private static GreenMail upstreamB;
    private static FakeUpstream upstreamC;
    private static FakeUpstream withoutStartTls;
    private static FakeUpstream offeringStartTls;
    private static AdminApi api;
    private static RelayClient client;

    @RegisterExtension
    static final RelayExtension relay = RelayExtension.builder().adminPassword(ADMIN_PASSWORD).capturingLogs().env(Map.of(
            "STORE_RELAY_TRUSTSTORE", TestCertificates.localhost().trustStore().toString(),
            "STORE_RELAY_TRUSTSTORE_PASSWORD", TestCertificates.PASSWORD,
            "STORE_RELAY_MAX_MESSAGE_SIZE", Long.toString(10L * 1024 * 1024))).build();

    @BeforeAll
    static void start() {
        TestCertificates.Issued certificate = TestCertificates.localhost();
        System.setProperty("greenmail.tls.keystore.file", certificate.keyStore().toString());
        System.setProperty("greenmail.tls.keystore.password", TestCertificates.PASSWORD);
        upstreamA = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        upstreamA.start();
        upstreamB = new GreenMail(ServerSetupTest.SMTPS.dynamicPort());
        upstreamB.withConfiguration(GreenMailConfiguration.aConfig().withUser("b-login", B_PASSWORD));
        upstreamB.start();
        upstreamC = FakeUpstream.withStartTlsAndAuth(StartTls.REQUIRED, certificate, "c-login", C_PASSWORD);
        withoutStartTls = FakeUpstream.plain();
        offeringStartTls = FakeUpstream.withStartTls(StartTls.OFFERED, certificate);

        api = relay.api();
        client = relay.client();

        api.ok(api.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
        api.ok(api.put("/api/units/north", "{\"name\":\"Region North\",\"parentId\":\"company\"}"));
        api.ok(api.put("/api/units/north/smtp", smtp("localhost", upstreamA.getSmtp().getPort(), null, null, "NONE", "north@shop.example")));
    }

    @AfterAll
    static void stop() {
        upstreamA.stop();
        upstreamB.stop();
        upstreamC.close();
        withoutStartTls.close();
        offeringStartTls.close();
    }

    private static String smtp(String server, Integer port, String login, String password, String options, String sender) {
        return "{\"serverAddress\":" + quote(server) + ",\"port\":" + port + ",\"login\":" + quote(login)
                + (password == null ? "" : ",\"password\":" + quote(password))
                + ",\"secureSocketOptions\":" + quote(options) + ",\"outgoingEmailAddress\":" + quote(sender) + "}";
    }

    private static String quote(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private static void store(String id, String parent, String smtpJson) {
        api.ok(api.put("/api/units/" + id, "{\"name\":\"Store " + id + "\",\"parentId\":\"" + parent + "\"}"));
        if (smtpJson != null) {
            api.ok(api.put("/api/units/" + id + "/smtp", smtpJson));
        }
    }

    private static List<JsonNode> messagesOf(String unit) {
        JsonNode list = api.ok(api.get("/api/messages?unit=" + unit));
        return StreamSupport.stream(list.spliterator(), false).toList();
    }

    private static List<MimeMessage> receivedBy(GreenMail upstream, String recipientPrefix) {
        return Arrays.stream(upstream.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().startsWith(recipientPrefix);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static List<FakeUpstream.Received> receivedByC(String recipientPrefix) {
        return upstreamC.received().stream().filter(r -> r.recipients().get(0).startsWith(recipientPrefix)).toList();
    }

    @Test
    void eachUpstreamReceivesExactlyItsStoresMessagesRewrittenAndOverTheExpectedTls() throws Exception {
        store("store-a", "north", smtp("localhost", upstreamA.getSmtp().getPort(), null, null, "NONE", "store-a@shop.example"));
        store("store-b", "north", smtp("localhost", upstreamB.getSmtps().getPort(), "b-login", B_PASSWORD, "SSL_ON_CONNECT", "store-b@shop.example"));
        store("store-c", "north", smtp("localhost", upstreamC.port(), "c-login", C_PASSWORD, "START_TLS", "store-c@shop.example"));

        assertThat(client.send("store-a", "ERP System <erp@legacy.local>", "alice-a1@example.com", "A1")).startsWith("250");
        assertThat(client.send("store-b", "ERP System <erp@legacy.local>", "bob-b1@example.com", "B1")).startsWith("250");
        assertThat(client.send("store-a", "ERP System <erp@legacy.local>", "alice-a2@example.com", "A2")).startsWith("250");
        assertThat(client.send("store-c", "ERP System <erp@legacy.local>", "carol-c1@example.com", "C1")).startsWith("250");
        assertThat(client.send("store-b", "ERP System <erp@legacy.local>", "bob-b2@example.com", "B2")).startsWith("250");

        await().atMost(DELIVERY).until(() -> receivedBy(upstreamA, "alice-a").size() == 2
                && receivedBy(upstreamB, "bob-b").size() == 2 && receivedByC("carol-c").size() == 1);

        for (MimeMessage message : receivedBy(upstreamA, "alice-a")) {
            assertThat(message.getHeader("Return-Path")[0]).isEqualTo("<store-a@shop.example>");
            assertThat(message.getFrom()[0].toString()).isEqualTo("ERP System <store-a@shop.example>");
            assertThat(message.getHeader("X-Store-Id")).isNull();
            // GreenMail adds its own trace on top; ours is the one below it.
            assertThat(message.getHeader("Received")).anyMatch(h -> h.contains("by relay.test (store-relay) with ESMTP"));
        }
        assertThat(receivedBy(upstreamA, "bob-b")).as("store B's mail never reaches store A's server").isEmpty();
        assertThat(receivedBy(upstreamB, "alice-a")).as("store A's mail never reaches store B's server").isEmpty();
        assertThat(receivedByC("alice-a")).isEmpty();
        for (MimeMessage message : receivedBy(upstreamB, "bob-b")) {
            assertThat(message.getHeader("Return-Path")[0]).isEqualTo("<store-b@shop.example>");
            assertThat(message.getFrom()[0].toString()).isEqualTo("ERP System <store-b@shop.example>");
            assertThat(message.getHeader("X-Store-Id")).isNull();
        }
        FakeUpstream.Received c = receivedByC("carol-c").get(0);
        assertThat(c.recipients()).containsExactly("carol-c1@example.com");
        assertThat(c.envelopeFrom()).isEqualTo("store-c@shop.example");
        assertThat(c.tls()).as("STARTTLS used").isTrue();
        assertThat(c.login()).isEqualTo("c-login");
        assertThat(c.text()).contains("From: ERP System <store-c@shop.example>").doesNotContainIgnoringCase("X-Store-Id");

        await().atMost(DELIVERY).until(() -> messagesOf("store-b").stream().allMatch(m -> m.get("status").asText().equals("DELIVERED")));
        assertThat(messagesOf("store-a")).hasSize(2).allSatisfy(m -> {
            assertThat(m.get("status").asText()).isEqualTo("DELIVERED");
            assertThat(m.get("lastError").isNull()).as("a delivered message has no error").isTrue();
            assertThat(m.at("/recipients/0/lastReply").asText()).startsWith("250 ").doesNotStartWith("250 250");
        });
    }

    @Test
    void theStoresLoginIsWhatTheUpstreamChecks() throws Exception {
        store("store-b-wrong", "north", smtp("localhost", upstreamB.getSmtps().getPort(), "b-login", WRONG_PASSWORD, "SSL_ON_CONNECT", null));

        client.send("store-b-wrong", "erp@legacy.local", "wrong-login@example.com", "wrong login");

        await().atMost(DELIVERY).until(() -> messagesOf("store-b-wrong").stream()
                .anyMatch(m -> m.get("attempts").asInt() >= 1 && m.path("lastError").asText().contains("refused the login")));
        assertThat(receivedBy(upstreamB, "wrong-login")).isEmpty();
    }

    @Test
    void startTlsAgainstAServerWithoutItIsNotDeliveredAndTheReasonIsVisible() throws Exception {
        store("store-d", "north", smtp("localhost", withoutStartTls.port(), null, null, "START_TLS", null));

        client.send("store-d", "erp@legacy.local", "dave@example.com", "must be encrypted");

        await().atMost(DELIVERY).until(() -> messagesOf("store-d").stream()
                .anyMatch(m -> m.get("attempts").asInt() >= 1 && m.path("lastError").asText().contains("STARTTLS")));
        JsonNode message = messagesOf("store-d").get(0);
        assertThat(message.get("status").asText()).isEqualTo("QUEUED");
        assertThat(message.path("nextAttemptAt").isNull()).isFalse();
        assertThat(withoutStartTls.received()).noneMatch(r -> r.recipients().contains("dave@example.com"));
    }

    @Test
    void startTlsWhenAvailableAgainstAServerWithoutItDeliversInPlainText() throws Exception {
        store("store-e", "north", smtp("localhost", withoutStartTls.port(), null, null, "START_TLS_WHEN_AVAILABLE", null));

        client.send("store-e", "erp@legacy.local", "erin@example.com", "plain is fine");

        await().atMost(DELIVERY).until(() -> withoutStartTls.received().stream().anyMatch(r -> r.recipients().contains("erin@example.com")));
        assertThat(withoutStartTls.received()).filteredOn(r -> r.recipients().contains("erin@example.com"))
                .singleElement().satisfies(r -> assertThat(r.tls()).isFalse());
    }

    @Test
    void noneNeverUpgradesEvenWhenTheServerOffersStartTls() throws Exception {
        store("store-f", "north", smtp("localhost", offeringStartTls.port(), null, null, "NONE", null));

        client.send("store-f", "erp@legacy.local", "frank@example.com", "no encryption wanted");

        await().atMost(DELIVERY).until(() -> offeringStartTls.received().stream().anyMatch(r -> r.recipients().contains("frank@example.com")));
        assertThat(offeringStartTls.received()).filteredOn(r -> r.recipients().contains("frank@example.com"))
                .singleElement().satisfies(r -> assertThat(r.tls()).isFalse());
    }

    @Test
    void autoOnPort465MeansImplicitTls() throws Exception {
        store("store-auto", "north", smtp("localhost", 465, null, null, "AUTO", null));

        JsonNode effective = api.ok(api.get("/api/units/store-auto/smtp/effective"));

        assertThat(effective.at("/connection/port").asInt()).isEqualTo(465);
        assertThat(effective.at("/connection/tls/behaviour").asText()).isEqualTo("IMPLICIT_TLS");

        // Port 465 itself may be taken or need privileges on the test machine; deliver there only when it can be bound.
        GreenMail smtps465 = new GreenMail(new ServerSetup(465, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        try {
            smtps465.start();
        } catch (RuntimeException e) {
            org.junit.jupiter.api.Assumptions.abort("cannot bind 127.0.0.1:465 here: " + e.getMessage());
        }
        try {
            client.send("store-auto", "erp@legacy.local", "auto@example.com", "auto 465");
            assertThat(smtps465.waitForIncomingEmail(DELIVERY.toMillis(), 1)).isTrue();
        } finally {
            smtps465.stop();
        }
    }

    @Test
    void aStoreWithoutItsOwnServerUsesItsRegionsServerAndItsOwnSender() throws Exception {
        store("store-g", "north", "{\"outgoingEmailAddress\":\"store-g@shop.example\"}");

        JsonNode effective = api.ok(api.get("/api/units/store-g/smtp/effective"));
        assertThat(effective.at("/connection/serverAddress").asText()).isEqualTo("localhost");
        assertThat(effective.at("/connection/port").asInt()).isEqualTo(upstreamA.getSmtp().getPort());
        assertThat(effective.at("/connection/source/unitId").asText()).isEqualTo("north");
        assertThat(effective.at("/connection/source/unitName").asText()).isEqualTo("Region North");
        assertThat(effective.at("/outgoingEmailAddress/value").asText()).isEqualTo("store-g@shop.example");
        assertThat(effective.at("/outgoingEmailAddress/source/unitId").asText()).isEqualTo("store-g");

        client.send("store-g", "Shop G <erp@legacy.local>", "gina@example.com", "inherited server");

        await().atMost(DELIVERY).until(() -> receivedBy(upstreamA, "gina").size() == 1);
        MimeMessage received = receivedBy(upstreamA, "gina").get(0);
        assertThat(received.getHeader("Return-Path")[0]).isEqualTo("<store-g@shop.example>");
        assertThat(received.getFrom()[0].toString()).isEqualTo("Shop G <store-g@shop.example>");
    }

    @Test
    void internationalizedAddressesAreRoutedStoredAndForwardedWithSmtpUtf8WhereTheUpstreamOffersIt() throws Exception {
        // withoutStartTls is SubEthaSMTP, which offers SMTPUTF8; upstream A is GreenMail, which does not.
        store("store-u", "north", smtp("localhost", withoutStartTls.port(), null, null, "NONE", "store-u@shop.example"));
        store("store-v", "north", smtp("localhost", upstreamA.getSmtp().getPort(), null, null, "NONE", "store-v@shop.example"));
        api.ok(api.put("/api/units/store-u/routing", "{\"senderPatterns\":[\"@xn--bckerei-5wa.example\"],\"clientNetworks\":[]}"));

        String routedBySender = submitWithSmtpUtf8("jörg@bäckerei.example", List.of("kunde-u@bäckerei.example",
                "ascii-u@example.com"), "To: kunde-u@bäckerei.example, ascii-u@example.com\r\nSubject: Grüße\r\n\r\nHallo\r\n");
        // GreenMail, upstream A, reads the recipients from the header, which must be ASCII there.
        String forStoreV = submitWithSmtpUtf8("jörg@bäckerei.example", List.of("kunde-v@bäckerei.example",
                "ascii-v@example.com"), "X-Store-Id: store-v\r\nTo: ascii-v@example.com\r\nSubject: Gruss\r\n\r\nHallo\r\n");
        assertThat(routedBySender).startsWith("250 2.0.0 Ok: queued as");
        assertThat(forStoreV).startsWith("250 2.0.0 Ok: queued as");

        await().atMost(DELIVERY).until(() -> withoutStartTls.received().stream()
                .anyMatch(r -> r.recipients().contains("kunde-u@bäckerei.example")));
        FakeUpstream.Received u = withoutStartTls.received().stream()
                .filter(r -> r.recipients().contains("kunde-u@bäckerei.example")).findFirst().orElseThrow();
        assertThat(u.recipients()).containsExactly("kunde-u@bäckerei.example", "ascii-u@example.com");
        assertThat(u.envelopeFrom()).isEqualTo("store-u@shop.example");
        assertThat(u.text()).contains("From: store-u@shop.example").contains("Subject: Grüße");
        JsonNode storedU = messagesOf("store-u").get(0);
        assertThat(storedU.at("/routing/reason").asText()).isEqualTo("SENDER_PATTERN");
        assertThat(storedU.get("envelopeSender").asText()).isEqualTo("jörg@bäckerei.example");
        await().atMost(DELIVERY).until(() -> messagesOf("store-u").get(0).get("status").asText().equals("DELIVERED"));

        await().atMost(DELIVERY).until(() -> messagesOf("store-v").stream().anyMatch(m -> m.get("status").asText().equals("FAILED")));
        JsonNode storedV = messagesOf("store-v").get(0);
        assertThat(storedV.get("recipients")).extracting(r -> r.get("address").asText() + " " + r.get("status").asText())
                .containsExactly("kunde-v@bäckerei.example FAILED", "ascii-v@example.com DELIVERED");
        assertThat(storedV.at("/recipients/0/lastReply").asText())
                .startsWith("553 5.6.7 Non-ASCII addresses not permitted for that recipient").contains("does not offer SMTPUTF8");
        assertThat(receivedBy(upstreamA, "ascii-v")).hasSize(1);
        assertThat(upstreamA.getReceivedMessages()).noneMatch(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains("kunde-v"));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A legacy system that speaks SMTPUTF8 (RFC 6531), one command at a time; returns the reply to the data. */
    private static String submitWithSmtpUtf8(String from, List<String> to, String message) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), relay.smtpPort())) {
            socket.setSoTimeout((int) DELIVERY.toMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            assertThat(lastLineOfReply(in)).startsWith("220 ");
            List<String> commands = new ArrayList<>(List.of("EHLO erp.legacy.local", "MAIL FROM:<" + from + "> SMTPUTF8"));
            to.forEach(recipient -> commands.add("RCPT TO:<" + recipient + ">"));
            commands.add("DATA");
            for (String command : commands) {
                out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                assertThat(lastLineOfReply(in)).as("reply to %s", command).matches("(250|354) .*");
            }
            out.write((message + ".\r\nQUIT\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return lastLineOfReply(in);
        }
    }

    private static String lastLineOfReply(BufferedReader in) throws IOException {
        String line = in.readLine();
        while (line != null && line.length() > 3 && line.charAt(3) == '-') {
            line = in.readLine();
        }
        return line;
    }

    @Test
    void noApiResponseAndNoLogLineContainsAStoredPassword() throws Exception {
        store("store-h", "north", smtp("localhost", upstreamC.port(), "c-login", C_PASSWORD, "START_TLS", "store-h@shop.example"));
        store("store-i", "north", smtp("localhost", withoutStartTls.port(), "i-login", "i-secret-never-shown", "START_TLS", null));
        client.send("store-h", "erp@legacy.local", "henry@example.com", "secret check");
        client.send("store-i", "erp@legacy.local", "ivy@example.com", "fails with a login set");
        await().atMost(DELIVERY).until(() -> upstreamC.received().stream().anyMatch(r -> r.recipients().contains("henry@example.com"))
                && messagesOf("store-i").stream().anyMatch(m -> m.get("attempts").asInt() >= 1));

        List<String> reads = new ArrayList<>();
        for (String unit : List.of("store-h", "store-i", "store-b", "north")) {
            reads.add(api.get("/api/units/" + unit + "/smtp").body());
            reads.add(api.get("/api/units/" + unit + "/smtp/effective").body());
        }
        reads.add(api.get("/api/messages").body());
        assertThat(api.ok(api.get("/api/units/store-h/smtp")).get("passwordSet").asBoolean()).isTrue();

        List<String> everything = new ArrayList<>(api.allBodies());
        everything.addAll(reads);
        everything.addAll(relay.logs().lines());
        everything.add(relay.console());
        assertThat(relay.logs().lines()).isNotEmpty();
        for (String secret : List.of(B_PASSWORD, C_PASSWORD, WRONG_PASSWORD, "i-secret-never-shown", ADMIN_PASSWORD)) {
            assertThat(everything).as("responses and log lines").noneMatch(text -> text.contains(secret));
        }
    }
}
