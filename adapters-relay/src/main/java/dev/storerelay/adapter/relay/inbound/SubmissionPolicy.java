package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerSecurity;
import io.netty.handler.codec.smtp.SmtpResponse;

import java.util.Optional;

/**
 * Who may submit, and what the listener offers to whom (README, *Security*: never an open relay).
 *
 * <p>{@code AUTH} is offered over TLS, to loopback clients, and to everyone if plain-text AUTH is configured: a
 * password should not cross a network in clear text by default. {@code STARTTLS} is offered when a certificate is
 * configured and the connection is not yet encrypted.
 *
 * <p>A client that may not submit gets its refusal at {@code MAIL}, so no {@code RCPT} is ever accepted from it:
 * {@code 530 5.7.0} when it could still authenticate on this connection (RFC 4954 §6), possibly after
 * {@code STARTTLS} (RFC 3207 §4); {@code 554 5.7.1} when it has no way to (RFC 5321 §3.6.2, no relaying).
 */
final class SubmissionPolicy {
    private final boolean tlsConfigured;
    private final boolean requireAuth;
    private final boolean plainTextAuth;

    SubmissionPolicy(ListenerSecurity security) {
        this.tlsConfigured = security.startTls().isPresent();
        this.requireAuth = security.requireAuth();
        this.plainTextAuth = security.plainTextAuth();
    }

    boolean offersStartTls(ClientConnection client) {
        return tlsConfigured && !client.tls();
    }

    boolean offersAuth(ClientConnection client) {
        return client.tls() || client.loopback() || plainTextAuth;
    }

    /** Why {@code MAIL} is refused in this state; empty when the client may submit. */
    Optional<SmtpResponse> refusalOfMail(SessionState.Greeted greeted) {
        if (greeted.authenticated().isPresent() || (!requireAuth && greeted.client().trustedSubmitter())) {
            return Optional.empty();
        }
        ClientConnection client = greeted.client();
        if (offersAuth(client)) {
            return Optional.of(Replies.AUTH_REQUIRED);
        }
        if (offersStartTls(client)) {
            return Optional.of(Replies.STARTTLS_FIRST);
        }
        return Optional.of(Replies.RELAY_DENIED);
    }

    /** Why {@code AUTH} is not available on this connection; empty when it is. */
    Optional<SmtpResponse> refusalOfAuth(ClientConnection client) {
        if (offersAuth(client)) {
            return Optional.empty();
        }
        return Optional.of(offersStartTls(client) ? Replies.ENCRYPTION_REQUIRED : Replies.AUTH_NOT_AVAILABLE);
    }
}
