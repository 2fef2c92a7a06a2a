package dev.storerelay.adapter.relay.outbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import javax.net.ssl.SSLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What delivery counts of its upstream connections for monitoring (README, *Metrics*): connections opened (read from
 * the forwarder's own count) and TLS handshakes by result. Registered when the forwarder is built, at zero; the label
 * values are fixed, never a host or a login.
 */
final class UpstreamMetrics {
    static final String CONNECTIONS_OPENED = "storerelay.upstream.connections.opened";
    static final String TLS_HANDSHAKES = "storerelay.upstream.tls.handshakes";

    private final Counter tlsSucceeded;
    private final Counter tlsFailed;

    /** @param opened the forwarder's count of connections opened (connected, secured as the plan says, logged in) */
    UpstreamMetrics(MeterRegistry registry, AtomicLong opened) {
        FunctionCounter.builder(CONNECTIONS_OPENED, opened, AtomicLong::doubleValue)
                .description("Upstream SMTP connections opened for delivery (connected, secured, logged in); reused"
                        + " connections are not counted again")
                .register(registry);
        tlsSucceeded = tls(registry, "success");
        tlsFailed = tls(registry, "failure");
    }

    /** A connection opened for delivery: a TLS handshake if it is encrypted (implicit TLS or STARTTLS). */
    void opened(SMTPTransport transport) {
        if (transport.isSSL()) {
            tlsSucceeded.increment();
        }
    }

    /** A connection that could not be opened: a failed TLS handshake if TLS is why (certificate, host name, protocol). */
    void notOpened(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException) {
                tlsFailed.increment();
                return;
            }
        }
    }

    private static Counter tls(MeterRegistry registry, String result) {
        return Counter.builder(TLS_HANDSHAKES)
                .description("TLS handshakes with upstream servers for delivery, by result")
                .tag("result", result).register(registry);
    }
}
