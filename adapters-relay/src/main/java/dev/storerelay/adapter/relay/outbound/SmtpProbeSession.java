package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.adapter.relay.outbound.SmtpProbeFailures.Phase;
import dev.storerelay.application.port.in.SmtpTestReport;
import dev.storerelay.application.port.out.SmtpProbePort.TestMail;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.UpstreamLogin;
import dev.storerelay.domain.model.TlsBehaviour;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * One connection test: connect, TLS as the plan says (DESIGN §2), EHLO, login, optionally a test email, QUIT. Each
 * step either moves on or stops the test with a verdict; nothing is retried and nothing falls back to plain text.
 */
final class SmtpProbeSession {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpProbeSession.class);
    private static final String STARTTLS = "STARTTLS";

    private final ConnectionPlan plan;
    private final TestMail testMail;
    private final UpstreamConfig config;
    private final SSLSocketFactory tls;
    private final Instant now;
    private final String server;
    private final SmtpProbeTranscript transcript;
    private final SmtpProbeLogin login;
    private SmtpProbeChannel channel;
    private SSLSession tlsSession;
    private Phase phase = Phase.CONNECTING;

    /** @param testMail {@code null} to stop after the login */
    SmtpProbeSession(ConnectionPlan plan, TestMail testMail, UpstreamConfig config, SSLSocketFactory tls, Instant now) {
        this.plan = plan;
        this.testMail = testMail;
        this.config = config;
        this.tls = tls;
        this.now = now;
        String host = plan.host().value();
        this.server = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + plan.port();
        this.transcript = new SmtpProbeTranscript(plan.login().filter(UpstreamLogin.Password.class::isInstance)
                .map(c -> ((UpstreamLogin.Password) c).password().reveal()).orElse(null));
        this.login = new SmtpProbeLogin(transcript);
    }

    SmtpTestReport run() {
        transcript.note("Connecting to " + server + "; TLS: " + plan.tls().description() + ".");
        try {
            channel = SmtpProbeChannel.connect(plan.host().value(), plan.port(), config.connectTimeout(),
                    config.readTimeout(), transcript);
            String verdict = converse();
            quit();
            return report(true, verdict);
        } catch (SmtpProbeStop stop) {
            if (stop.dialogueInSync()) {
                quit();
            }
            return report(false, stop.verdict());
        } catch (IOException e) {
            transcript.note("Error: " + e);
            return report(false, SmtpProbeFailures.verdict(e, phase, new SmtpProbeFailures.Context(plan.host().value(), server,
                    plan.tls(), config.connectTimeout(), config.readTimeout(), channel == null ? null : channel.lastCommand())));
        } catch (RuntimeException e) {
            // A bug here must not reach the admin as a server problem, nor break the admin page.
            LOG.warn("SMTP connection test of {} stopped by an unexpected error", server, e);
            return report(false, "The test stopped because of an unexpected error in store-relay; its log has the details.");
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
    }

    private String converse() throws IOException, SmtpProbeStop {
        if (plan.tls() == TlsBehaviour.IMPLICIT_TLS) {
            handshake(() -> channel.startTls(tls, plan.host().value(), plan.port()));
        }
        phase = Phase.DIALOGUE;
        SmtpProbeReply greeting = channel.read();
        if (!greeting.is(220)) {
            // RFC 5321 §3.1: a server that will not serve says 554 instead of 220, then waits for QUIT.
            throw new SmtpProbeStop("The server turned the connection away: " + greeting.quoted() + ".", true);
        }
        SmtpProbeEhlo ehlo = secure(hello());
        String loggedInAs = plan.login().isPresent() ? logIn(ehlo, plan.login().get()) : null;
        SmtpProbeReply accepted = testMail == null ? null : sendTestMail();
        return success(loggedInAs, accepted);
    }

    private SmtpProbeEhlo hello() throws IOException, SmtpProbeStop {
        channel.send("EHLO " + config.heloName());
        SmtpProbeReply reply = channel.read();
        if (reply.is(250)) {
            return SmtpProbeEhlo.of(reply);
        }
        if (reply.code() / 100 == 5) {          // RFC 5321 §4.1.4: a server without ESMTP gets HELO
            channel.send("HELO " + config.heloName());
            reply = channel.read();
            if (reply.is(250)) {
                transcript.note("The server does not know EHLO, so it offers no extensions (no STARTTLS, no AUTH).");
                return SmtpProbeEhlo.NOTHING;
            }
        }
        throw new SmtpProbeStop("The server refused the relay's greeting: " + reply.quoted() + ".", true);
    }

    /** The five secure socket options, as the domain resolved them into the plan's TLS behaviour (DESIGN §2). */
    private SmtpProbeEhlo secure(SmtpProbeEhlo ehlo) throws IOException, SmtpProbeStop {
        switch (plan.tls()) {
            case PLAIN:
                if (ehlo.offers(STARTTLS)) {
                    transcript.note("The server offers STARTTLS, but with the secure socket options None the connection stays unencrypted.");
                }
                return ehlo;
            case IMPLICIT_TLS:
                return ehlo;
            case STARTTLS_REQUIRED:
                if (!ehlo.offers(STARTTLS)) {
                    throw new SmtpProbeStop("The server does not offer STARTTLS, but this store requires it "
                            + "(Secure socket options: StartTLS).", true);
                }
                return startTlsAndHelloAgain();
            case STARTTLS_WHEN_AVAILABLE:
                if (!ehlo.offers(STARTTLS)) {
                    transcript.note("The server does not offer STARTTLS, so the connection continues unencrypted, "
                            + "as the secure socket options allow.");
                    return ehlo;
                }
                return startTlsAndHelloAgain();
            default:
                throw new IllegalStateException("unknown TLS behaviour " + plan.tls());
        }
    }

    private SmtpProbeEhlo startTlsAndHelloAgain() throws IOException, SmtpProbeStop {
        channel.send(STARTTLS);
        SmtpProbeReply reply = channel.read();
        if (!reply.is(220)) {
            throw new SmtpProbeStop("The server offers STARTTLS but refused it: " + reply.quoted()
                    + ". store-relay never falls back to plain text once it has tried TLS.", true);
        }
        handshake(() -> channel.startTlsAfterReply(tls, plan.host().value(), plan.port()));
        return hello();                                 // RFC 3207 §4.2: forget all the server said before TLS
    }

    /** A TLS handshake on the channel. */
    @FunctionalInterface
    private interface Handshake {
        SSLSession run() throws IOException, SmtpProbeStop;
    }

    private void handshake(Handshake handshake) throws IOException, SmtpProbeStop {
        phase = Phase.TLS_HANDSHAKE;
        tlsSession = handshake.run();
        phase = Phase.DIALOGUE;
        transcript.note("TLS started: " + tlsSession.getProtocol() + ", " + tlsSession.getCipherSuite() + certificate() + ".");
    }

    /** Who the verified certificate names, so the admin sees what was trusted. */
    private String certificate() {
        try {
            Certificate[] chain = tlsSession.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate x509) {
                return "; server certificate " + x509.getSubjectX500Principal().getName() + ", issued by "
                        + x509.getIssuerX500Principal().getName() + ", valid until " + x509.getNotAfter().toInstant();
            }
        } catch (SSLPeerUnverifiedException e) {
            // Cannot happen after a completed, verified handshake; the note then just lacks the certificate.
        }
        return "";
    }

    private String logIn(SmtpProbeEhlo ehlo, UpstreamLogin upstreamLogin) throws IOException, SmtpProbeStop {
        if (!(upstreamLogin instanceof UpstreamLogin.Password credentials)) {
            throw new SmtpProbeStop("OAuth 2.0 (XOAUTH2) logins are not available in this build.", true);
        }
        if (ehlo.authMechanisms().isEmpty()) {
            // DESIGN §2: never send unauthenticated when a login is set.
            throw new SmtpProbeStop("The server offers no login (AUTH), but a login is set for this store."
                    + (tlsSession == null ? " Some servers offer it only over TLS: check the secure socket options." : ""), true);
        }
        return login.logIn(channel, ehlo, credentials);
    }

    private SmtpProbeReply sendTestMail() throws IOException, SmtpProbeStop {
        expect("MAIL FROM:<" + testMail.from() + ">", "The server refused the sender <" + testMail.from() + ">: ");
        expect("RCPT TO:<" + testMail.to() + ">", "The server refused the recipient <" + testMail.to() + ">: ");
        channel.send("DATA");
        SmtpProbeReply reply = channel.read();
        if (!reply.is(354)) {
            throw new SmtpProbeStop("The server refused to take the test email (DATA): " + reply.quoted() + ".", true);
        }
        channel.sendLines(SmtpProbeTestMessage.lines(testMail, plan, now, config.heloName()));
        return expect(".", "The server did not accept the test email: ");
    }

    private SmtpProbeReply expect(String command, String refusal) throws IOException, SmtpProbeStop {
        channel.send(command);
        SmtpProbeReply reply = channel.read();
        if (!reply.isPositiveCompletion()) {
            throw new SmtpProbeStop(refusal + reply.quoted() + ".", true);
        }
        return reply;
    }

    private String success(String loggedInAs, SmtpProbeReply accepted) {
        return "Connected" + (tlsSession == null ? " without encryption" : ", " + tlsSession.getProtocol())
                + (loggedInAs == null ? ", no login set" : ", logged in as '" + loggedInAs + "'") + "."
                + (accepted == null ? "" : " Test email accepted by the server: " + accepted.quoted() + ".");
    }

    /** Ends politely; the verdict is already decided, so a server that hangs up first changes nothing. */
    private void quit() {
        try {
            channel.send("QUIT");
            channel.read();
        } catch (IOException | SmtpProbeStop e) {
            transcript.note("The server did not answer QUIT (" + e.getMessage() + "); the result above stands.");
        }
    }

    private SmtpTestReport report(boolean success, String verdict) {
        return new SmtpTestReport(success, transcript.redact(verdict), server,
                tlsSession == null ? null : tlsSession.getProtocol(),
                tlsSession == null ? null : tlsSession.getCipherSuite(), transcript.lines());
    }
}
