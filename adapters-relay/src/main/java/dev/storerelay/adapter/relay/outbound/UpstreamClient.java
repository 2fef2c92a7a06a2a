package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.out.AccessTokenPort;
import dev.storerelay.application.port.out.AccessTokenPort.AccessToken;
import dev.storerelay.application.port.out.AccessTokenPort.AccessTokenUnavailableException;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.UpstreamLogin;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The relay's one SMTP client (Angus Mail): delivery and the connection test both build their sessions, connect,
 * secure and log in here, so that a passing test means delivery gets through, and a login method is written once.
 * Certificates and host names are always verified.
 *
 * <p>Logins: a password with {@code LOGIN} or {@code PLAIN}; OAuth 2.0 with SASL {@code XOAUTH2}, the mailbox as user
 * and an access token from {@link AccessTokenPort} as the password. A token the server refuses is replaced once, on a
 * new connection, within the same attempt (README, *What the relay does on token errors*). A configured login is never
 * skipped because the server offers no AUTH.
 */
final class UpstreamClient {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamClient.class);
    private static final String PROTOCOL = "smtp";
    private static final String P = "mail.smtp.";
    private static final String XOAUTH2 = "XOAUTH2";

    private final UpstreamConfig config;
    private final UpstreamTrust trust;
    private final AccessTokenPort tokens;
    private final SocketFactory plainSockets = NoDelaySockets.plain();

    UpstreamClient(UpstreamConfig config, AccessTokenPort tokens) {
        this.config = config;
        this.tokens = tokens;
        this.trust = new UpstreamTrust(config);
    }

    UpstreamTrust trust() {
        return trust;
    }

    /** What a login did on the way, for the connection test's transcript; delivery ignores it. */
    interface LoginSteps {
        LoginSteps NONE = new LoginSteps() {
        };

        /** A token is at hand for the login: the first of the attempt, or the one that replaced a refused one. */
        default void tokenObtained(UpstreamLogin.OAuth2 login, AccessToken token, boolean replacement) {
        }

        /** The server refused the access token with this reply; a new one is asked for. */
        default void tokenRefused(String reply) {
        }
    }

    /** A session for delivery: the plan's TLS trust, no debug output. Callers keep it per plan. */
    Session session(ConnectionPlan plan, boolean smtpUtf8, ScheduledExecutorService writeTimers) {
        return Session.getInstance(properties(plan, smtpUtf8, trust.socketFactory(plan.trust()), writeTimers));
    }

    /**
     * The session properties of a plan, in the secure socket mode it asks for.
     *
     * @param tls          makes the TLS sockets (and with them decides what is trusted)
     * @param writeTimers  times out writes; {@code null} lets Angus start a timer thread per connection
     */
    Properties properties(ConnectionPlan plan, boolean smtpUtf8, SSLSocketFactory tls, ScheduledExecutorService writeTimers) {
        Properties props = new Properties();
        props.put(P + "host", plan.host().value());
        props.put(P + "port", Integer.toString(plan.port()));
        props.put(P + "localhost", config.heloName());
        props.put(P + "connectiontimeout", Long.toString(config.connectTimeout().toMillis()));
        props.put(P + "timeout", Long.toString(config.readTimeout().toMillis()));
        props.put(P + "writetimeout", Long.toString(config.readTimeout().toMillis()));
        if (writeTimers != null) {
            // Angus arms a timer around every write. Without an executor of ours it starts one per connection, whose
            // thread wakes for nearly every write; on a shared one, beside the eviction that runs every second, a
            // write's timer is never the next due and arming it wakes nobody.
            props.put(P + "executor.writetimeout", writeTimers);
        }
        props.put(P + "sendpartial", "true");
        props.put(P + "auth", Boolean.toString(plan.login().isPresent()));
        if (plan.login().filter(UpstreamLogin.OAuth2.class::isInstance).isPresent()) {
            // An explicit list is used as it stands: Angus's "XOAUTH2 is disabled by default" applies only to its
            // default list, and no other mechanism may be tried with a token as the password.
            props.put(P + "auth.mechanisms", XOAUTH2);
        }
        props.put(P + "ssl.checkserveridentity", "true");
        props.put(P + "ssl.socketFactory", tls);
        props.put(P + "socketFactory", plainSockets);
        // Without this, a socket factory's failure (a refused connection, an untrusted certificate) is tried once more
        // with Angus's own sockets and the JDK's default trust, which is not the plan's.
        props.put(P + "socketFactory.fallback", "false");
        props.put(P + "ssl.protocols", "TLSv1.3 TLSv1.2");
        props.put(P + "quitwait", "false");
        props.put(P + "userset", "true");              // isConnected() checks a pooled connection with RSET, not NOOP
        props.put("mail.mime.allowutf8", Boolean.toString(smtpUtf8));
        switch (plan.tls()) {
            case PLAIN:
                props.put(P + "ssl.enable", "false");
                props.put(P + "starttls.enable", "false");
                break;
            case IMPLICIT_TLS:
                props.put(P + "ssl.enable", "true");
                props.put(P + "starttls.enable", "false");
                break;
            case STARTTLS_REQUIRED:
                props.put(P + "ssl.enable", "false");
                props.put(P + "starttls.enable", "true");
                props.put(P + "starttls.required", "true");
                break;
            case STARTTLS_WHEN_AVAILABLE:
                props.put(P + "ssl.enable", "false");
                props.put(P + "starttls.enable", "true");
                props.put(P + "starttls.required", "false");
                break;
            default:
                throw new IllegalStateException("unknown TLS behaviour " + plan.tls());
        }
        return props;
    }

    /**
     * A connected, logged-in transport for the plan. On failure nothing stays open.
     *
     * @throws AuthenticationFailedException  the server refused the login (for OAuth 2.0: a replaced token too)
     * @throws AccessTokenUnavailableException no access token can be had now
     * @throws MessagingException             anything else on the way: connect, TLS, STARTTLS, no AUTH offered
     */
    SMTPTransport connect(Session session, ConnectionPlan plan, LoginSteps steps) throws MessagingException {
        UpstreamLogin login = plan.login().orElse(null);
        if (login instanceof UpstreamLogin.OAuth2 oauth) {
            AccessToken token = tokens.accessToken(oauth);
            steps.tokenObtained(oauth, token, false);
            try {
                return open(session, plan, oauth.username(), token.value().reveal());
            } catch (AuthenticationFailedException refused) {
                if (!isTokenRefusal(refused)) {
                    throw refused;
                }
                LOG.debug("{} refused the access token of {}; replacing it", plan.host(), oauth.identity());
                steps.tokenRefused(reply(refused));
                AccessToken fresh = tokens.replace(oauth, token);
                steps.tokenObtained(oauth, fresh, true);
                return open(session, plan, oauth.username(), fresh.value().reveal());
            }
        }
        if (login instanceof UpstreamLogin.Password password) {
            return open(session, plan, password.username(), password.password().reveal());
        }
        return open(session, plan, null, null);
    }

    private SMTPTransport open(Session session, ConnectionPlan plan, String user, String secret) throws MessagingException {
        SMTPTransport transport = (SMTPTransport) session.getTransport(PROTOCOL);
        try {
            transport.connect(plan.host().value(), plan.port(), user, secret);
            // Angus skips authentication silently when the server offers no AUTH; a store with a login must never
            // send unauthenticated (README, *Pointing a legacy system at it*).
            if (user != null && !transport.supportsExtension("AUTH") && !transport.supportsExtension("AUTH=LOGIN")) {
                throw new NoAuthOffered(plan);
            }
            return transport;
        } catch (MessagingException | RuntimeException e) {
            closeQuietly(transport);                          // e.g. connected, but no AUTH offered
            throw e;
        }
    }

    static void closeQuietly(SMTPTransport transport) {
        try {
            transport.close();
        } catch (MessagingException e) {
            LOG.debug("closing upstream connection failed: {}", e.getMessage());
        }
    }

    /**
     * Whether the server refused the credentials themselves (README, *What the relay does on token errors*): {@code
     * 535}, {@code 5.7.3}, {@code 5.7.8}, or a {@code 334} challenge, which XOAUTH2 servers send with an error instead
     * of an outright refusal. Not: a mechanism the server does not offer, or a temporary {@code 454}.
     */
    static boolean isTokenRefusal(AuthenticationFailedException refused) {
        String reply = refused.getMessage() == null ? "" : refused.getMessage().strip();
        return reply.startsWith("535") || reply.startsWith("334") || reply.contains("5.7.3") || reply.contains("5.7.8");
    }

    /** The server's reply to a refused login, a 334 challenge's Base64 (XOAUTH2's JSON error) decoded, on one line. */
    static String reply(AuthenticationFailedException refused) {
        String reply = refused.getMessage() == null ? "" : refused.getMessage().strip();
        if (reply.startsWith("334 ")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(reply.substring(4).strip()), StandardCharsets.UTF_8);
                if (decoded.codePoints().noneMatch(Character::isISOControl)) {
                    reply = "334 " + decoded;
                }
            } catch (IllegalArgumentException notBase64) {
                // shown as the server sent it
            }
        }
        return reply.replaceAll("[\\r\\n]+", " ");
    }

    /** A login is set, but the server offers no AUTH: sending without it would be sending unauthenticated. */
    static final class NoAuthOffered extends MessagingException {
        private static final long serialVersionUID = 1L;

        NoAuthOffered(ConnectionPlan plan) {
            super("a login is configured but " + plan.host() + ":" + plan.port() + " offers no AUTH"
                    + (plan.tls().mayUseTls() ? "" : " (some servers offer it only after STARTTLS)"));
        }
    }
}
