package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.in.SmtpTestReport;
import dev.storerelay.application.port.out.AccessTokenPort.AccessToken;
import dev.storerelay.application.port.out.AccessTokenPort.AccessTokenUnavailableException;
import dev.storerelay.application.port.out.SmtpProbePort.TestMail;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.TlsBehaviour;
import dev.storerelay.domain.model.UpstreamLogin;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSession;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;

/**
 * One connection test: a session of the plan's with Angus Mail's protocol trace going to this test's transcript
 * (never to a log), then connect, TLS and login through the {@link UpstreamClient} delivery uses, optionally the test
 * email, and QUIT. Each step either moves on or ends the test with a verdict; nothing falls back to plain text.
 */
final class SmtpProbeRun {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpProbeRun.class);
    /** Where Angus also writes its protocol trace, through java.util.logging, when that is set to FINEST. */
    private static final String ANGUS_PROTOCOL_LOGGER = "org.eclipse.angus.mail.smtp.protocol";

    private final ConnectionPlan plan;
    private final TestMail testMail;
    private final UpstreamConfig config;
    private final UpstreamClient client;
    private final Instant now;
    private final String server;
    private final SmtpProbeTranscript transcript;
    private final SmtpProbeTls tls;

    /** @param testMail {@code null} to stop after the login */
    SmtpProbeRun(ConnectionPlan plan, TestMail testMail, UpstreamConfig config, UpstreamClient client, Instant now) {
        this.plan = plan;
        this.testMail = testMail;
        this.config = config;
        this.client = client;
        this.now = now;
        String host = plan.host().value();
        this.server = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + plan.port();
        this.transcript = new SmtpProbeTranscript(plan.login().filter(UpstreamLogin.Password.class::isInstance)
                .map(c -> ((UpstreamLogin.Password) c).password().reveal()).orElse(null));
        this.tls = new SmtpProbeTls(client.trust().trustManager(plan.trust()), transcript);
    }

    SmtpTestReport run() {
        transcript.note("Connecting to " + server + "; TLS: " + plan.tls().description() + ".");
        plan.login().filter(UpstreamLogin.OAuth2.class::isInstance)
                .ifPresent(login -> tokenEndpoint(((UpstreamLogin.OAuth2) login).settings()));
        SMTPTransport transport = null;
        boolean success = false;
        String verdict;
        try {
            Session session = session();
            transport = client.connect(session, plan, new Steps());
            connected();
            String accepted = null;
            String refused = null;
            if (testMail != null) {
                try {
                    accepted = sendTestMail(session, transport);
                } catch (SendFailedException e) {
                    refused = refusal(e);
                }
            }
            success = refused == null;
            verdict = success ? success(accepted) : refused;
        } catch (AccessTokenUnavailableException e) {
            transcript.note("No access token: " + e.getMessage());
            verdict = "No OAuth 2.0 access token could be obtained, so the relay did not connect: " + e.getMessage()
                    + ". Mail of this store waits and is retried.";
        } catch (MessagingException e) {
            transcript.note("Error: " + SmtpProbeFailures.innermostMessage(e));
            verdict = SmtpProbeFailures.verdict(e, handshaking(), context());
        } catch (RuntimeException e) {
            // A bug here must not reach the admin as a server problem, nor break the admin page.
            LOG.warn("SMTP connection test of {} stopped by an unexpected error", server, e);
            verdict = "The test stopped because of an unexpected error in store-relay; its log has the details.";
        } finally {
            if (transport != null) {
                UpstreamClient.closeQuietly(transport);           // QUIT
            }
        }
        Optional<SSLSession> session = tls.session();
        return new SmtpTestReport(success, transcript.redact(verdict), server,
                session.map(SSLSession::getProtocol).orElse(null), session.map(SSLSession::getCipherSuite).orElse(null),
                transcript.lines(), tls.chain());
    }

    /** The plan's delivery session but for its TLS, which this test watches, and the trace, which goes to the transcript. */
    private Session session() {
        Properties props = client.properties(plan, needsSmtpUtf8(), tls, null);
        // AUTH is traced (and masked by the transcript) unless Angus's trace also goes to java.util.logging.
        boolean traceAuth = !java.util.logging.Logger.getLogger(ANGUS_PROTOCOL_LOGGER).isLoggable(Level.FINEST);
        props.put("mail.debug.auth", Boolean.toString(traceAuth));
        if (!traceAuth) {
            transcript.note("The login exchange is not shown: Angus Mail's protocol log (java.util.logging, FINEST) is on.");
        }
        Session session = Session.getInstance(props);
        session.setDebugOut(transcript.angusTrace());
        session.setDebug(true);
        return session;
    }

    /** What the secure socket options made of the server's offer, and who is logged in. */
    private void connected() {
        boolean startTls = transcript.offers("STARTTLS");
        if (plan.tls() == TlsBehaviour.PLAIN && startTls) {
            transcript.note("The server offers STARTTLS, but with the secure socket options None the connection stays unencrypted.");
        }
        if (plan.tls() == TlsBehaviour.STARTTLS_WHEN_AVAILABLE && tls.session().isEmpty()) {
            transcript.note("The server does not offer STARTTLS, so the connection continues unencrypted, "
                    + "as the secure socket options allow.");
        }
        plan.login().ifPresent(login -> transcript.note("Logged in as '" + login.username() + "'"
                + (login instanceof UpstreamLogin.OAuth2 ? " with an OAuth 2.0 access token (XOAUTH2)." : ".")));
    }

    private boolean needsSmtpUtf8() {
        return testMail != null && (testMail.from().needsSmtpUtf8() || testMail.to().needsSmtpUtf8());
    }

    /** The token step, before any connection: where the token comes from and for what. */
    private void tokenEndpoint(OAuth2Settings settings) {
        transcript.note("OAuth 2.0: token endpoint " + settings.effectiveTokenEndpoint() + ", grant " + settings.grant()
                + ", scope " + settings.effectiveScope() + ".");
    }

    private final class Steps implements UpstreamClient.LoginSteps {
        @Override
        public void tokenObtained(UpstreamLogin.OAuth2 login, AccessToken token, boolean replacement) {
            String value = token.value().reveal();
            transcript.secret(value);
            transcript.secret("user=" + login.username() + "\u0001auth=Bearer " + value + "\u0001\u0001");
            transcript.note((replacement ? "New access token obtained" : "Access token obtained")
                    + ", expires at " + token.expiresAt() + ".");
        }

        @Override
        public void tokenRefused(String reply) {
            transcript.note("The server refused the access token (" + reply + "); asking the token endpoint for a new one.");
        }
    }

    /** Sends the test email and returns the server's reply; a refused sender, recipient or message is thrown. */
    private String sendTestMail(Session session, SMTPTransport transport) throws MessagingException {
        SMTPMessage message = new SMTPMessage(session,
                new ByteArrayInputStream(SmtpProbeTestMessage.bytes(testMail, plan, now, config.heloName())));
        message.setEnvelopeFrom(testMail.from().value());
        transport.sendMessage(message, new Address[] {address(testMail.to())});
        return SmtpProbeFailures.quoted(transport.getLastServerResponse());
    }

    private String refusal(SendFailedException refused) {
        for (Exception e = refused; e != null; e = e instanceof MessagingException m ? m.getNextException() : null) {
            if (e instanceof SMTPSenderFailedException sender) {
                return "The server refused the sender <" + testMail.from() + ">: " + SmtpProbeFailures.quoted(sender.getMessage()) + ".";
            }
            if (e instanceof SMTPAddressFailedException recipient) {
                return "The server refused the recipient <" + testMail.to() + ">: " + SmtpProbeFailures.quoted(recipient.getMessage()) + ".";
            }
            if (e instanceof SMTPSendFailedException message && message.getReturnCode() > 0) {
                boolean atData = "DATA".equalsIgnoreCase(transcript.lastCommand());
                return (atData ? "The server refused to take the test email (DATA): " : "The server did not accept the test email: ")
                        + SmtpProbeFailures.quoted(message.getMessage()) + ".";
            }
        }
        return "The test email was not sent: " + SmtpProbeFailures.innermostMessage(refused) + ".";
    }

    private static InternetAddress address(EmailAddress address) {
        InternetAddress internet = new InternetAddress();
        internet.setAddress(address.value());
        return internet;
    }

    private String success(String accepted) {
        Optional<SSLSession> session = tls.session();
        UpstreamLogin login = plan.login().orElse(null);
        return "Connected" + session.map(s -> ", " + s.getProtocol()).orElse(" without encryption")
                + (login == null ? ", no login set" : ", logged in as '" + login.username() + "'"
                + (login instanceof UpstreamLogin.OAuth2 ? " with OAuth 2.0 (XOAUTH2)" : "")) + "."
                + (accepted == null ? "" : " Test email accepted by the server: " + accepted + ".");
    }

    /** A TLS handshake was under way: the server had agreed to STARTTLS, or TLS on connect had not completed. */
    private boolean handshaking() {
        return transcript.startTlsAgreed()
                || (plan.tls() == TlsBehaviour.IMPLICIT_TLS && transcript.lastCommand() == null && tls.session().isEmpty());
    }

    private SmtpProbeFailures.Context context() {
        boolean oauth = plan.login().filter(UpstreamLogin.OAuth2.class::isInstance).isPresent();
        return new SmtpProbeFailures.Context(plan.host().value(), server, plan.tls(), config.connectTimeout(),
                config.readTimeout(), transcript.lastCommand(), oauth ? "XOAUTH2 for an OAuth 2.0 login" : "LOGIN or PLAIN",
                transcript.offeredAuth());
    }
}
