package dev.storerelay.bootstrap;

import dev.storerelay.adapter.relay.testing.FakeUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A store whose upstream accepts connections and then says nothing does not hold up another store: it may occupy
 * only its share of the delivery threads, and the other store's mail goes out well before the hanging
 * connections time out.
 */
class HeadOfLineIT {
    private static final String ADMIN_PASSWORD = "hol-admin";

    @RegisterExtension
    final RelayExtension relay = RelayExtension.builder().adminPassword(ADMIN_PASSWORD).env(Map.of(
            "STORE_RELAY_DELIVERY_THREADS", "4", "STORE_RELAY_MAX_DELIVERIES_PER_STORE", "2",
            "STORE_RELAY_UPSTREAM_TIMEOUT", "PT10S")).build();

    /** Accepts TCP connections and never answers: the greeting never comes. */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        SilentServer() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                try {
                    while (!server.isClosed()) {
                        accepted.add(server.accept());
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "silent-upstream");
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void aHangingUpstreamDoesNotDelayAnotherStore() throws Exception {
        try (SilentServer silent = new SilentServer(); FakeUpstream healthy = FakeUpstream.plain()) {
            AdminApi api = relay.api();
            api.ok(api.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
            api.ok(api.put("/api/units/stuck", "{\"name\":\"Stuck store\",\"parentId\":\"company\"}"));
            api.ok(api.put("/api/units/stuck/smtp", "{\"serverAddress\":\"127.0.0.1\",\"port\":" + silent.port() + "}"));
            api.ok(api.put("/api/units/fine", "{\"name\":\"Fine store\",\"parentId\":\"company\"}"));
            api.ok(api.put("/api/units/fine/smtp", "{\"serverAddress\":\"127.0.0.1\",\"port\":" + healthy.port() + "}"));

            RelayClient client = relay.client();
            for (int i = 0; i < 8; i++) {
                client.send("stuck", "erp@legacy.local", "stuck" + i + "@example.com", "hangs");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> silent.accepted.size() >= 2);
            long start = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                client.send("fine", "erp@legacy.local", "fine" + i + "@example.com", "flows");
            }

            // The stuck store's connections wait 10 s for a greeting; the fine store's mail must not.
            healthy.awaitMessages(4);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("head of line: 4 messages of a healthy store delivered in %d ms while %d connections hang%n",
                    took.toMillis(), silent.accepted.size());
            assertThat(took).isLessThan(Duration.ofSeconds(5));
            assertThat(silent.accepted.size()).as("the stuck store took no more than its share of connections").isLessThanOrEqualTo(2);
        }
    }
}
