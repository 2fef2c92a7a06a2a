package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.out.AccessTokenPort;
import dev.storerelay.application.port.out.ConnectionPermitsPort;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.function.LongSupplier;

/**
 * Forwarders for tests: by default every permit is granted, no access token can be had, the metrics go nowhere
 * anyone reads and connections age by the system's clock. A test sets what it is about.
 */
final class Forwarders {
    private final UpstreamConfig config;
    private ConnectionPermitsPort permits = ConnectionPermitsPort.UNLIMITED;
    private AccessTokenPort tokens = NoAccessTokens.INSTANCE;
    private MeterRegistry meters = new SimpleMeterRegistry();
    private LongSupplier nanoTime = System::nanoTime;

    private Forwarders(UpstreamConfig config) {
        this.config = config;
    }

    static JakartaMailForwarder forwarder(UpstreamConfig config) {
        return with(config).build();
    }

    static Forwarders with(UpstreamConfig config) {
        return new Forwarders(config);
    }

    Forwarders permits(ConnectionPermitsPort permits) {
        this.permits = permits;
        return this;
    }

    Forwarders tokens(AccessTokenPort tokens) {
        this.tokens = tokens;
        return this;
    }

    Forwarders meters(MeterRegistry meters) {
        this.meters = meters;
        return this;
    }

    Forwarders nanoTime(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        return this;
    }

    JakartaMailForwarder build() {
        return new JakartaMailForwarder(config, permits, tokens, meters, nanoTime);
    }
}
