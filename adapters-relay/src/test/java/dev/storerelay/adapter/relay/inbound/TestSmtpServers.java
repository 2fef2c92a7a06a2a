package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerConfig;
import dev.storerelay.adapter.relay.ListenerSecurity;
import dev.storerelay.application.port.in.AuthenticateRelayClientUseCase;
import dev.storerelay.application.port.in.CheckSubmitterUseCase;
import dev.storerelay.application.port.in.RecordRefusedSubmissionsUseCase;
import dev.storerelay.application.port.in.RelayMessageUseCase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;

/**
 * Listeners for tests on loopback: without TLS, accepting every message ({@link RecordingRelay}), knowing no
 * credentials, trusting every submitter, spooling to a temporary directory, keeping no refusals. A test sets what it
 * is about.
 */
final class TestSmtpServers {
    private final ListenerConfig config;
    private ListenerSecurity security = ListenerSecurity.defaults();
    private RelayMessageUseCase relay = new RecordingRelay();
    private AuthenticateRelayClientUseCase credentials = new FakeRelayCredentials();
    private CheckSubmitterUseCase submitters = new FakeSubmitters();
    private MeterRegistry meters = new SimpleMeterRegistry();
    private RecordRefusedSubmissionsUseCase refusals = refused -> { };

    private TestSmtpServers(ListenerConfig config) {
        this.config = config;
    }

    static TestSmtpServers listener(ListenerConfig config) {
        return new TestSmtpServers(config);
    }

    TestSmtpServers security(ListenerSecurity security) {
        this.security = security;
        return this;
    }

    TestSmtpServers relay(RelayMessageUseCase relay) {
        this.relay = relay;
        return this;
    }

    TestSmtpServers credentials(AuthenticateRelayClientUseCase credentials) {
        this.credentials = credentials;
        return this;
    }

    TestSmtpServers submitters(CheckSubmitterUseCase submitters) {
        this.submitters = submitters;
        return this;
    }

    TestSmtpServers meters(MeterRegistry meters) {
        this.meters = meters;
        return this;
    }

    TestSmtpServers refusals(RecordRefusedSubmissionsUseCase refusals) {
        this.refusals = refusals;
        return this;
    }

    SmtpServer build() {
        return new SmtpServer(config, security, relay, credentials, submitters, SpoolDirectory.temporary(), meters,
                refusals, Clock.systemUTC());
    }

    /** Builds the listener and binds it; the test stops it. */
    SmtpServer start() {
        SmtpServer server = build();
        server.start();
        return server;
    }
}
