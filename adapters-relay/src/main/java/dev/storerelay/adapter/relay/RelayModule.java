package dev.storerelay.adapter.relay;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.storerelay.adapter.relay.inbound.SmtpServer;
import dev.storerelay.adapter.relay.inbound.SpoolDirectory;
import dev.storerelay.adapter.relay.outbound.JakartaMailForwarder;
import dev.storerelay.adapter.relay.outbound.SmtpProbe;
import dev.storerelay.adapter.relay.outbound.UpstreamConfig;
import dev.storerelay.application.port.in.AuthenticateRelayClientUseCase;
import dev.storerelay.application.port.in.CheckSubmitterUseCase;
import dev.storerelay.application.port.in.RecordRefusedSubmissionsUseCase;
import dev.storerelay.application.port.in.RelayMessageUseCase;
import dev.storerelay.application.port.out.AccessTokenPort;
import dev.storerelay.application.port.out.ConnectionPermitsPort;
import dev.storerelay.application.port.out.ForwardMessagePort;
import dev.storerelay.application.port.out.MessageContextPort;
import dev.storerelay.application.port.out.SmtpProbePort;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;

/**
 * The SMTP side: the listener legacy systems submit to, the upstream forwarder and the
 * connection test of the settings screen. Expects {@link ListenerConfig}, {@link ListenerSecurity}, {@link SpoolDirectory},
 * {@link UpstreamConfig}, a {@link Clock}, an {@link AccessTokenPort}, the
 * {@link MeterRegistry} the listener's and the upstream connections' metrics go to, and the use cases to be bound. Nothing here
 * starts a server; the bootstrap's lifecycle does.
 */
public final class RelayModule extends AbstractModule {

    @Provides
    @Singleton
    SmtpServer smtpServer(ListenerConfig config, ListenerSecurity security, RelayMessageUseCase relay,
                          AuthenticateRelayClientUseCase authenticate, CheckSubmitterUseCase submitters, SpoolDirectory spool,
                          MeterRegistry meters, RecordRefusedSubmissionsUseCase refusals, Clock clock) {
        return new SmtpServer(config, security, relay, authenticate, submitters, spool, meters, refusals, clock);
    }

    @Provides
    @Singleton
    JakartaMailForwarder forwarder(UpstreamConfig config, ConnectionPermitsPort permits, AccessTokenPort tokens,
                                   MeterRegistry meters) {
        return new JakartaMailForwarder(config, permits, tokens, meters, System::nanoTime);
    }

    @Provides
    ForwardMessagePort forwardMessagePort(JakartaMailForwarder forwarder) {
        return forwarder;
    }

    /** The connection test runs the forwarder's client with the same tokens, so its verdict holds for delivery. */
    @Provides
    @Singleton
    SmtpProbePort smtpProbe(UpstreamConfig config, Clock clock, AccessTokenPort tokens) {
        return new SmtpProbe(config, clock, tokens);
    }

    /** The delivery threads name the message they work on in the log's MDC, as the listener does. */
    @Provides
    @Singleton
    MessageContextPort messageContext() {
        return new MessageLogContext();
    }
}
