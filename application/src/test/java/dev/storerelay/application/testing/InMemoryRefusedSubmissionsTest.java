package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.RefusedSubmissionsPort;

class InMemoryRefusedSubmissionsTest extends RefusedSubmissionsPortContract {
    private final InMemoryRefusedSubmissions port = new InMemoryRefusedSubmissions();

    @Override
    protected RefusedSubmissionsPort port() {
        return port;
    }
}
