package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.in.SmtpTestReport;
import dev.storerelay.application.port.out.SmtpProbePort;
import dev.storerelay.domain.model.ConnectionPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSocketFactory;
import java.time.Clock;
import java.util.Objects;

/**
 * The "test connection / send test email" button's SMTP side: a small client of its own over a real socket, so
 * that every line can be shown to the admin (Angus Mail keeps its dialogue to itself). It trusts and verifies
 * exactly as {@link JakartaMailForwarder} does: the same {@link UpstreamTrust} (the JDK's CAs plus the operator's
 * trust store), the same host name check, TLS versions and timeouts.
 */
public final class SmtpProbe implements SmtpProbePort {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpProbe.class);

    private final UpstreamConfig config;
    private final SSLSocketFactory tls;
    private final Clock clock;

    /** @param clock dates the test email */
    public SmtpProbe(UpstreamConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tls = UpstreamTrust.socketFactory(config);
    }

    @Override
    public SmtpTestReport probe(ConnectionPlan plan, TestMail testMail) {
        Objects.requireNonNull(plan, "plan");
        SmtpTestReport report = new SmtpProbeSession(plan, testMail, config, tls, clock.instant()).run();
        LOG.info("SMTP connection test of {}: {}", plan, report.verdict());
        return report;
    }
}
