package dev.storerelay.adapter.relay.inbound;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.storerelay.adapter.relay.ListenerConfig;
import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.application.service.CheckSubmitterService;
import dev.storerelay.domain.model.ClientNetwork;
import dev.storerelay.domain.model.RoutingTable;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection flood from other loopback addresses (on Linux all of 127.0.0.0/8 is loopback) against a real
 * listener with the real submitter check: the flood takes the unreserved slots only, and the systems that submit
 * mail, on 127.0.0.1 or in a client network, still get in. The flood is logged in a few lines, not one per refusal.
 */
class ConnectionFloodIT {
    private static final int MAX = 20;
    private static final int PER_CLIENT = 5;
    /** The default reserve: a quarter of the connections. */
    private static final int RESERVED = MAX / 4;
    private static final String CLIENT_NETWORK_HOST = "127.0.0.200";
    private static final String MESSAGE = "Subject: hi\r\n\r\nHello\r\n.\r\n";

    private final RecordingRelay relay = new RecordingRelay();
    private final List<SmtpTestClient> open = new ArrayList<>();
    private final AtomicInteger routingTableLoads = new AtomicInteger();
    private final Logger listenerLogger = context().getLogger("dev.storerelay.adapter.relay");
    private final ListAppender<ILoggingEvent> logLines = new ListAppender<>();
    private Level levelBefore;
    private SmtpServer server;

    @BeforeEach
    void start() {
        levelBefore = listenerLogger.getLevel();
        listenerLogger.setLevel(Level.INFO);                 // as in production: INFO and above
        logLines.start();
        listenerLogger.addAppender(logLines);
        ListenerConfig config = TestListenerConfigs.loopback().maxMessageBytes(100_000).maxRecipients(100)
                .idleTimeout(Duration.ofMinutes(1)).maxConnections(MAX).maxConnectionsPerClient(PER_CLIENT).build();
        server = TestSmtpServers.listener(config).relay(relay)
                .submitters(new CheckSubmitterService(routingWithClientNetwork(CLIENT_NETWORK_HOST + "/32"))).start();
        logLines.list.clear();                                // the listener's start line
    }

    @AfterEach
    void stop() throws IOException {
        for (SmtpTestClient client : open) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
        listenerLogger.detachAppender(logLines);
        listenerLogger.setLevel(levelBefore);
    }

    @Test
    void aFloodFromOtherLoopbackAddressesLeavesRoomForMailFromLoopbacksOwnAddress() throws IOException {
        int admitted = floodUntilRefused();
        assertThat(admitted).isEqualTo(MAX - RESERVED);

        try (SmtpTestClient submitter = new SmtpTestClient(server.boundPort(), "127.0.0.1")) {
            submitter.expect("220 ");
            submitter.send("EHLO legacy.example\r\nMAIL FROM:<app@example.com>\r\nRCPT TO:<x@example.org>\r\nDATA\r\n"
                    + MESSAGE + "QUIT\r\n")
                    .expectAll("250 ENHANCEDSTATUSCODES", "250 2.1.0", "250 2.1.5", "354 ", "250 2.0.0 Ok: queued as 1", "221 ");
        }
        assertThat(relay.commands()).singleElement().satisfies(command -> {
            assertThat(command.clientAddress()).isEqualTo("127.0.0.1");
            assertThat(command.clientName()).isEqualTo("legacy.example");
        });
    }

    @Test
    void loopbacksOwnAddressMayFillTheReserveButNoMore() throws IOException {
        floodUntilRefused();
        for (int i = 0; i < RESERVED; i++) {
            connect("127.0.0.1").expect("220 ");
        }
        SmtpTestClient oneTooMany = connect("127.0.0.1");
        oneTooMany.expect("421 4.3.2");
        assertThat(oneTooMany.isClosedByServer()).isTrue();
    }

    @Test
    void aClientInAClientNetworkGetsAReservedSlotAfterALookupOffTheEventLoop() throws IOException {
        floodUntilRefused();
        int loadsBefore = routingTableLoads.get();
        SmtpTestClient trusted = connect(CLIENT_NETWORK_HOST);
        trusted.expect("220 ");
        trusted.send("EHLO till.example\r\nMAIL FROM:<till@example.com>\r\nRCPT TO:<x@example.org>\r\nDATA\r\n" + MESSAGE)
                .expectAll("250 ENHANCEDSTATUSCODES", "250 2.1.0", "250 2.1.5", "354 ", "250 2.0.0 Ok: queued");
        assertThat(routingTableLoads.get()).as("client networks looked up for the reserved slot").isGreaterThan(loadsBefore);
        assertThat(relay.commands()).singleElement().satisfies(c -> assertThat(c.clientAddress()).isEqualTo(CLIENT_NETWORK_HOST));
    }

    @Test
    void aFloodIsLoggedInAFewLinesWithItsCountAndBusiestClients() throws IOException {
        floodUntilRefused();
        int refused = 1;                                      // the one that ended floodUntilRefused
        for (int i = 0; i < 300; i++) {
            try (SmtpTestClient flood = new SmtpTestClient(server.boundPort(), "127.0.1." + (i % 50 + 1))) {
                flood.expect("421 4.3.2");
                refused++;
            }
        }
        assertThat(logLines.list).as("log lines during the flood").singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage()).startsWith("Refusing SMTP connections: only the reserved connections are left");
        });

        int refusedInAll = refused;
        server.stop();
        server = null;
        assertThat(logLines.list).hasSize(3);                // the start, the summary and the listener's own stop line
        assertThat(logLines.list).filteredOn(line -> line.getFormattedMessage().startsWith("Refused "))
                .singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                        .contains("Refused " + refusedInAll + " SMTP connection(s)")
                        .contains("from 51 client address(es)")
                        .contains("busiest: 127.0.1.1 (6)"));
    }

    /** Opens connections from 127.0.0.2, 127.0.0.3, ... (each up to the per-client limit) until one is refused. */
    private int floodUntilRefused() throws IOException {
        int admitted = 0;
        for (int host = 2; host < 250; host++) {
            for (int i = 0; i < PER_CLIENT; i++) {
                SmtpTestClient flood = connect("127.0.0." + host);
                List<String> reply = flood.readReply();
                assertThat(reply).isNotEmpty();
                if (reply.get(0).startsWith("421 4.3.2")) {
                    return admitted;
                }
                assertThat(reply.get(0)).startsWith("220 ");
                admitted++;
            }
        }
        throw new AssertionError("the flood was never refused");
    }

    private SmtpTestClient connect(String localAddress) throws IOException {
        SmtpTestClient client = new SmtpTestClient(server.boundPort(), localAddress);
        open.add(client);
        return client;
    }

    private UnitRoutingPort routingWithClientNetwork(String network) {
        RoutingTable table = RoutingTable.of(List.of(new UnitRouting(UnitId.of("store-7"), List.of(),
                List.of(ClientNetwork.parse(network).orElseThrow()))));
        return new UnitRoutingPort() {
            @Override
            public RoutingTable loadRoutingTable() {
                routingTableLoads.incrementAndGet();
                return table;
            }

            @Override
            public UnitRouting loadRouting(UnitId unit) {
                return table.routing(unit);
            }

            @Override
            public boolean saveRouting(UnitRouting routing) {
                throw new UnsupportedOperationException("read only");
            }
        };
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }
}
