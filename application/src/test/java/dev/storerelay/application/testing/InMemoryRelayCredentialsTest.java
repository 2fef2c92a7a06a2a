package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.RelayCredentialsPort;

class InMemoryRelayCredentialsTest extends RelayCredentialsPortContract {
    private final InMemoryRelayCredentials port = new InMemoryRelayCredentials();

    @Override
    protected RelayCredentialsPort port() {
        return port;
    }
}
