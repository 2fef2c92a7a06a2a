package dev.storerelay.adapter.relay.inbound;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The listeners and clients a test opens, closed after each test (after its own {@code @AfterEach} methods): the
 * clients first, so that no listener waits for them, then the listeners.
 */
final class OpenListeners implements AfterEachCallback {
    private final List<SmtpServer> servers = new ArrayList<>();
    private final List<SmtpTestClient> clients = new ArrayList<>();

    /** A listener that is stopped after the test, whether the test starts it or not. */
    SmtpServer add(SmtpServer server) {
        servers.add(server);
        return server;
    }

    SmtpServer start(TestSmtpServers listener) {
        SmtpServer server = add(listener.build());
        server.start();
        return server;
    }

    SmtpTestClient client(SmtpServer server) throws IOException {
        return add(new SmtpTestClient(server.boundPort()));
    }

    /** A client connecting from the given loopback address. */
    SmtpTestClient client(SmtpServer server, String localAddress) throws IOException {
        return add(new SmtpTestClient(server.boundPort(), localAddress));
    }

    private SmtpTestClient add(SmtpTestClient client) {
        clients.add(client);
        return client;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        for (SmtpTestClient client : clients) {
            client.close();
        }
        servers.forEach(SmtpServer::stop);
    }
}
