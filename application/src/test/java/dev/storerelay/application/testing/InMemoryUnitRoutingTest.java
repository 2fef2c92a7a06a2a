package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.UnitRoutingPort;

class InMemoryUnitRoutingTest extends UnitRoutingPortContract {
    private final InMemoryUnitRouting port = new InMemoryUnitRouting();

    @Override
    protected UnitRoutingPort port() {
        return port;
    }
}
