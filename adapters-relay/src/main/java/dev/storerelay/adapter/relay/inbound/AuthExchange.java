package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.application.port.in.AuthenticationResult;
import dev.storerelay.domain.model.UnitId;
import io.netty.handler.codec.smtp.SmtpRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * SMTP AUTH (RFC 4954) with the PLAIN (RFC 4616) and LOGIN mechanisms, for one connection: it remembers the
 * exchange in progress and counts failed attempts. It never checks a password itself: it hands a {@link Verify}
 * to the session, which asks the use case off the event loop and comes back with {@link #verified}.
 *
 * <p>Neither the password nor the decoded PLAIN message is kept past the step that reads it, nor put into any
 * message; {@link Verify#toString()} masks the password.
 */
final class AuthExchange {
    /** Failed attempts per connection; the last one is answered with {@code 421} and the connection closes. */
    static final int MAX_FAILURES = 3;

    private static final String PLAIN = "PLAIN";
    private static final String LOGIN = "LOGIN";
    private static final String CANCEL = "*";
    private static final String EMPTY_RESPONSE = "=";                   // RFC 4954 §4: an empty initial response
    private static final String USERNAME_CHALLENGE = base64("Username:");
    private static final String PASSWORD_CHALLENGE = base64("Password:");

    /** What the session does next. */
    sealed interface Step {
    }

    /** The exchange is over (or never began) with this outcome; read commands again. */
    record Done(Transition transition) implements Step {
    }

    /** Send this {@code 334} and read the client's next line as an answer. */
    record Challenge(SessionState state, String base64) implements Step {
    }

    /** Check these credentials, then call {@link #verified}. */
    record Verify(SessionState.Greeted greeted, String username, String password) implements Step {
        @Override
        public String toString() {
            return "Verify[username=" + username + ", password=******]";
        }
    }

    private final SubmissionPolicy policy;
    private final ListenerMetrics metrics;
    private int failures;
    /** The mechanism waiting for an answer line, {@code null} when none. */
    private String pendingMechanism;
    /** LOGIN's user name, between its two challenges. */
    private String pendingUsername;

    AuthExchange(SubmissionPolicy policy, ListenerMetrics metrics) {
        this.policy = policy;
        this.metrics = metrics;
    }

    boolean inProgress() {
        return pendingMechanism != null;
    }

    /** Drops an exchange in progress (the answer line was refused by the decoder). */
    void cancel() {
        pendingMechanism = null;
        pendingUsername = null;
    }

    /** The {@code AUTH mechanism [initial-response]} command. */
    Step start(SmtpRequest request, SessionState state) {
        Optional<Transition> refusal = checkStart(request.parameters(), state);
        if (refusal.isPresent()) {
            return new Done(refusal.get());
        }
        SessionState.Greeted greeted = (SessionState.Greeted) state;
        String mechanism = request.parameters().get(0).toString().toUpperCase(Locale.ROOT);
        String initial = request.parameters().size() == 2 ? request.parameters().get(1).toString() : null;
        if (PLAIN.equals(mechanism)) {
            return initial == null ? challenge(greeted, PLAIN, "") : plain(greeted, initial);
        }
        return initial == null ? challenge(greeted, LOGIN, USERNAME_CHALLENGE) : loginUsername(greeted, initial);
    }

    /** The client's answer to a {@link Challenge}. */
    Step answer(String line, SessionState state) {
        String mechanism = pendingMechanism;
        String username = pendingUsername;
        cancel();
        if (mechanism == null || !(state instanceof SessionState.Greeted)) {
            return new Done(Transition.to(state, Replies.BAD_SEQUENCE));
        }
        SessionState.Greeted greeted = (SessionState.Greeted) state;
        if (CANCEL.equals(line)) {
            return new Done(Transition.to(state, Replies.AUTH_CANCELLED));          // RFC 4954 §4
        }
        if (PLAIN.equals(mechanism)) {
            return plain(greeted, line);
        }
        return username == null ? loginUsername(greeted, line) : loginPassword(greeted, username, line);
    }

    /**
     * The verdict on a {@link Verify}: the unit of the credential; or a failed attempt of this connection, for a wrong
     * user name or password ({@code 535}) or while the user name is throttled for this address ({@code 454}, RFC 4954
     * §6: temporary, try again later).
     */
    Transition verified(SessionState.Greeted greeted, AuthenticationResult<UnitId> result) {
        Optional<UnitId> unit = result.authenticated();
        if (unit.isPresent()) {
            return Transition.to(greeted.authenticatedAs(unit.get()), Replies.AUTH_OK);
        }
        failures++;
        boolean throttled = result instanceof AuthenticationResult.Throttled;
        metrics.authFailed(throttled);
        if (failures >= MAX_FAILURES) {
            return Transition.closing(greeted, Replies.AUTH_TOO_MANY_FAILURES);
        }
        return Transition.to(greeted, throttled ? Replies.AUTH_THROTTLED : Replies.AUTH_FAILED);
    }

    private Optional<Transition> checkStart(List<CharSequence> parameters, SessionState state) {
        if (state instanceof SessionState.Connected
                || state instanceof SessionState.Greeted && !((SessionState.Greeted) state).extended()) {
            return Optional.of(Transition.to(state, Replies.SEND_HELLO_FIRST));   // AUTH is an EHLO extension
        }
        if (!(state instanceof SessionState.Greeted)) {
            return Optional.of(Transition.to(state, Replies.AUTH_IN_TRANSACTION)); // RFC 4954 §4
        }
        if (((SessionState.Greeted) state).authenticated().isPresent()) {
            return Optional.of(Transition.to(state, Replies.ALREADY_AUTHENTICATED));
        }
        Optional<Transition> notOffered = policy.refusalOfAuth(state.client()).map(reply -> Transition.to(state, reply));
        if (notOffered.isPresent()) {
            return notOffered;
        }
        if (parameters.isEmpty() || parameters.size() > 2) {
            return Optional.of(Transition.to(state, Replies.AUTH_SYNTAX));
        }
        String mechanism = parameters.get(0).toString().toUpperCase(Locale.ROOT);
        if (!PLAIN.equals(mechanism) && !LOGIN.equals(mechanism)) {
            return Optional.of(Transition.to(state, Replies.AUTH_UNKNOWN_MECHANISM));
        }
        return Optional.empty();
    }

    /** RFC 4616 §2: {@code [authzid] NUL authcid NUL passwd}; acting for another identity is not supported. */
    private Step plain(SessionState.Greeted greeted, String response) {
        Optional<String> decoded = decode(response);
        if (decoded.isEmpty()) {
            return new Done(Transition.to(greeted, Replies.AUTH_BAD_BASE64));
        }
        String[] parts = decoded.get().split("\u0000", -1);
        if (parts.length != 3 || !parts[0].isEmpty() && !parts[0].equals(parts[1])) {
            return new Done(verified(greeted, new AuthenticationResult.Refused<>()));
        }
        return new Verify(greeted, parts[1], parts[2]);
    }

    private Step loginUsername(SessionState.Greeted greeted, String response) {
        Optional<String> username = decode(response);
        if (username.isEmpty()) {
            return new Done(Transition.to(greeted, Replies.AUTH_BAD_BASE64));
        }
        pendingUsername = username.get();
        return challenge(greeted, LOGIN, PASSWORD_CHALLENGE);
    }

    private Step loginPassword(SessionState.Greeted greeted, String username, String response) {
        Optional<String> password = decode(response);
        if (password.isEmpty()) {
            return new Done(Transition.to(greeted, Replies.AUTH_BAD_BASE64));
        }
        return new Verify(greeted, username, password.get());
    }

    private Step challenge(SessionState.Greeted greeted, String mechanism, String text) {
        pendingMechanism = mechanism;
        return new Challenge(greeted, text);
    }

    private static Optional<String> decode(String base64) {
        if (EMPTY_RESPONSE.equals(base64)) {
            return Optional.of("");
        }
        try {
            return Optional.of(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
