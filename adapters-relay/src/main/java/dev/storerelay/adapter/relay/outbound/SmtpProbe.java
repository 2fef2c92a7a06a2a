package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.in.SmtpTestReport;
import dev.storerelay.application.port.out.AccessTokenPort;
import dev.storerelay.application.port.out.SmtpProbePort;
import dev.storerelay.domain.model.ConnectionPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Objects;

/**
 * The "test connection / send test email" button's SMTP side. It runs the client delivery runs ({@link UpstreamClient}:
 * the same session properties, TLS, trust, timeouts and login, an OAuth 2.0 token included) and shows the admin
 * Angus Mail's dialogue of that one test, AUTH data masked.
 */
public final class SmtpProbe implements SmtpProbePort {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpProbe.class);

    private final UpstreamConfig config;
    private final UpstreamClient client;
    private final Clock clock;

    /**
     * @param clock  dates the test email
     * @param tokens access tokens for OAuth 2.0 logins, shared with delivery
     */
    public SmtpProbe(UpstreamConfig config, Clock clock, AccessTokenPort tokens) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = new UpstreamClient(config, Objects.requireNonNull(tokens, "tokens"));
    }

    @Override
    public SmtpTestReport probe(ConnectionPlan plan, TestMail testMail) {
        Objects.requireNonNull(plan, "plan");
        SmtpTestReport report = new SmtpProbeRun(plan, testMail, config, client, clock.instant()).run();
        LOG.info("SMTP connection test of {}: {}", plan, report.verdict());
        return report;
    }
}
