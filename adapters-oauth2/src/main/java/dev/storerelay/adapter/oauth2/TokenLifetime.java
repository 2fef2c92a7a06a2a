package dev.storerelay.adapter.oauth2;

import java.time.Duration;

/** How long the relay takes an access token to be good for, and how long before its end it gets the next one. */
final class TokenLifetime {
    /**
     * When the endpoint does not say ({@code expires_in} is only RECOMMENDED, RFC 6749 §5.1). Entra ID and Google always
     * say (an hour or more). A guess that is too long would have the upstream refuse the token (and failed logins count
     * towards the providers' lock-out and throttling); ten minutes is safe and costs six requests an hour.
     */
    static final Duration WHEN_NOT_SAID = Duration.ofMinutes(10);
    /**
     * The least margin: a token is handed out for a login that follows at once (SMTP AUTH on an open connection, or one
     * being opened: a connect and TLS take seconds), so it must outlive the hand-over by more than that.
     */
    static final Duration MIN_MARGIN = Duration.ofSeconds(30);
    /** The most: renewing hour-long tokens five minutes early leaves room for an endpoint that answers slowly. */
    static final Duration MAX_MARGIN = Duration.ofMinutes(5);

    private TokenLifetime() {
    }

    /** The lifetime from {@code expires_in} (seconds; Nimbus gives 0 when it is absent). */
    static Duration of(long expiresInSeconds) {
        return expiresInSeconds > 0 ? Duration.ofSeconds(expiresInSeconds) : WHEN_NOT_SAID;
    }

    /**
     * How long before its end a token is renewed: a tenth of its lifetime, at least {@link #MIN_MARGIN} and at most
     * {@link #MAX_MARGIN}, and never more than half its lifetime, so that a very short token (seconds) is still used for
     * its first half rather than renewed on every request.
     */
    static Duration margin(Duration lifetime) {
        Duration margin = max(lifetime.dividedBy(10), MIN_MARGIN);
        margin = min(margin, MAX_MARGIN);
        return min(margin, lifetime.dividedBy(2));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
