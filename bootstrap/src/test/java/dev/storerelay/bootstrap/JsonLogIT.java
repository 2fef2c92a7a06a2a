package dev.storerelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.storerelay.adapter.persistence.EmbeddedTestDatabase;
import dev.storerelay.adapter.persistence.PersistenceConfig;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code STORE_RELAY_LOG_FORMAT=json} (here from the {@code STORE_RELAY_CONFIG} file, read after the environment),
 * a relay process writes every line as JSON, and each line of a message's life (queued by the listener, deferred by
 * the upstream once, delivered, retried by an admin) carries its queue id, store id and Message-ID, while other
 * messages delivered at the same time by the same threads never lend it theirs.
 */
class JsonLogIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern QUEUED_AS = Pattern.compile("queued as (\\d+)");
    /** A message id named in a line's text, as the relay writes it ("message 17", "Queued message 17"). */
    private static final Pattern NAMED_MESSAGE = Pattern.compile("(?i)\\bmessage (\\d+)\\b");
    private static final int OTHERS = 8;

    @TempDir
    Path dir;

    @Test
    void everyLineOfOneMessagesLifeIsJsonAndCarriesItsQueueIdAndNoOtherMessageLendsItsOwn() throws Exception {
        PersistenceConfig db = EmbeddedTestDatabase.freshDatabase(dir);
        Path properties = dir.resolve("relay.properties");
        Files.writeString(properties, "STORE_RELAY_LOG_FORMAT=json\n");
        Path log = dir.resolve("relay.log");
        try (FakeUpstream upstream = FakeUpstream.plain();
             RelayProcess relay = RelayProcess.start(db, dir.resolve("data"), log,
                     Map.of("STORE_RELAY_CONFIG", properties.toString(), "STORE_RELAY_DELIVERY_THREADS", "3"))) {
            AdminApi api = relay.api();
            api.companyDeliveringTo(upstream.port());

            // The one followed: the upstream answers 451 once, then takes it. Others go through the same threads meanwhile.
            String followed;
            List<String> others = new ArrayList<>();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> sent = new ArrayList<>();
                Future<String> first = clients.submit(() -> send(relay, "deferonce-followed@example.com"));
                for (int i = 0; i < OTHERS; i++) {
                    String recipient = "other-" + i + "@example.com";
                    sent.add(clients.submit(() -> send(relay, recipient)));
                }
                followed = first.get();
                for (Future<String> other : sent) {
                    others.add(other.get());
                }
            } finally {
                clients.shutdownNow();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> upstream.received().size() == OTHERS + 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> lineOf(log, followed, "delivered"));
            api.post("/api/messages/" + followed + "/retry", "{}");           // delivered already: refused, still logged
            await().atMost(Duration.ofSeconds(10)).until(() -> lineOf(log, followed, "/retry"));

            List<JsonNode> lines = parseEveryLine(log);
            String messageIdHeader = messageIdHeader(upstream, "deferonce-followed@example.com");

            List<JsonNode> life = lines.stream().filter(l -> followed.equals(text(l, "queueId"))).toList();
            assertThat(life).extracting(l -> text(l, "message")).anySatisfy(m -> assertThat(m).startsWith("Queued message " + followed + " "))
                    .anySatisfy(m -> assertThat(m).isEqualTo("Message " + followed + " deferred: next attempt at "
                            + m.substring(m.indexOf("at ") + 3, m.indexOf(" (")) + " (reply 451)"))
                    .anySatisfy(m -> assertThat(m).isEqualTo("Message " + followed + " delivered (reply 250)"))
                    .anySatisfy(m -> assertThat(m).contains("POST /api/messages/" + followed + "/retry"));
            for (JsonNode line : life) {
                assertThat(line.has("@timestamp") && line.has("level") && line.has("logger_name") && line.has("thread_name"))
                        .as("%s", line).isTrue();
                if (!"dev.storerelay.adapter.web.WebServer".equals(text(line, "logger_name"))) {
                    // The admin's request knows the queue id only; every other line knows the message.
                    assertThat(text(line, "storeId")).as("%s", line).isEqualTo("company");
                    assertThat(text(line, "messageId")).as("%s", line).isEqualTo(messageIdHeader);
                }
            }
            assertThat(life).filteredOn(l -> text(l, "message").startsWith("Queued message"))
                    .singleElement().satisfies(l -> assertThat(text(l, "client")).isEqualTo("127.0.0.1"));
            assertThat(life).filteredOn(l -> text(l, "message").startsWith("Sending message " + followed + " to 127.0.0.1:"))
                    .as("both attempts, each on a delivery thread").hasSize(2)
                    .allSatisfy(l -> assertThat(text(l, "thread_name")).matches("delivery-\\d+"));
            assertThat(life).extracting(l -> text(l, "thread_name")).as("and the outcomes on the recorder's thread")
                    .contains("delivery-recorder");

            // No line lends one message's id to another: a line naming a message in its text carries that message's id.
            List<String> all = new ArrayList<>(others);
            all.add(followed);
            for (JsonNode line : lines) {
                Matcher named = NAMED_MESSAGE.matcher(text(line, "message"));
                if (named.find() && all.contains(named.group(1))) {
                    assertThat(text(line, "queueId")).as("%s", line).isEqualTo(named.group(1));
                }
            }
            for (String other : others) {
                List<JsonNode> itsLife = lines.stream().filter(l -> other.equals(text(l, "queueId"))).toList();
                assertThat(itsLife).extracting(l -> text(l, "message"))
                        .anySatisfy(m -> assertThat(m).startsWith("Queued message " + other + " "))
                        .anySatisfy(m -> assertThat(m).isEqualTo("Message " + other + " delivered (reply 250)"));
                assertThat(itsLife).extracting(l -> text(l, "messageId")).doesNotContain(messageIdHeader);
            }
        }
    }

    private static String send(RelayProcess relay, String recipient) throws Exception {
        String reply = new RelayClient(relay.smtpPort()).send("company", "erp@legacy.local", recipient, "for " + recipient);
        Matcher id = QUEUED_AS.matcher(reply);
        assertThat(id.find()).as(reply).isTrue();
        return id.group(1);
    }

    /** Every line of the process's output, each of which must be one JSON object. */
    private static List<JsonNode> parseEveryLine(Path log) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            JsonNode json;
            try {
                json = JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
            assertThat(json.isObject()).as(line).isTrue();
            lines.add(json);
        }
        assertThat(lines).isNotEmpty();
        return lines;
    }

    private static boolean lineOf(Path log, String queueId, String containing) {
        try {
            return Files.readAllLines(log).stream().anyMatch(line -> line.contains("\"queueId\":\"" + queueId + "\"")
                    && line.contains(containing));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Message-ID the upstream received for the recipient: the one the client's library gave the message. */
    private static String messageIdHeader(FakeUpstream upstream, String recipient) {
        String text = upstream.received().stream().filter(r -> r.recipients().contains(recipient)).findFirst().orElseThrow().text();
        Matcher header = Pattern.compile("(?im)^Message-ID:\\s*(\\S+)\\s*$").matcher(text);
        assertThat(header.find()).as(text).isTrue();
        return header.group(1);
    }

    private static String text(JsonNode line, String field) {
        JsonNode value = line.get(field);
        return value == null ? null : value.asText();
    }
}
