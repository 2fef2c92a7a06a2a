package dev.storerelay.adapter.oauth2;

import javax.net.ssl.X509TrustManager;
import java.time.Duration;
import java.util.Objects;

/**
 * How the relay talks to OAuth 2.0 token endpoints.
 *
 * @param connectTimeout for the TCP connect (and, with the read timeout, the TLS handshake)
 * @param readTimeout    for the endpoint's answer
 * @param trust          what the endpoint's certificate must chain to: the JDK's CAs plus the operator's trust store
 *                       ({@code STORE_RELAY_TRUSTSTORE}), the same trust as for upstream SMTP
 * @param firstBackoff   after a failed token request, how long the same failure is answered without a new request
 * @param maxBackoff     the backoff doubles with each failure in a row up to this
 */
public record OAuth2ClientConfig(Duration connectTimeout, Duration readTimeout, X509TrustManager trust,
                                 Duration firstBackoff, Duration maxBackoff) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    /**
     * A queue of mail for one identity (hundreds of messages in a few seconds) learns of a failure from one request,
     * and a passing fault (a restart of the endpoint, a dropped connection) is over before the delivery retries of the
     * mail come back (a minute at first).
     */
    public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofSeconds(5);
    /**
     * An identity that keeps failing (a revoked secret, an endpoint down for hours) costs at most 12 requests an hour,
     * far below the providers' throttling, and its mail sees a repaired endpoint within 5 minutes. A repaired
     * credential needs no wait: a new client secret or key makes a new identity, and a refresh token an admin set
     * anew ends the backoff.
     */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);

    public OAuth2ClientConfig {
        Objects.requireNonNull(trust, "trust");
        positive(connectTimeout, "connectTimeout");
        positive(readTimeout, "readTimeout");
        positive(firstBackoff, "firstBackoff");
        positive(maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must not be shorter than firstBackoff");
        }
    }

    /** With the default timeouts and backoff. */
    public OAuth2ClientConfig(X509TrustManager trust) {
        this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, trust, DEFAULT_FIRST_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be positive and fit in an int of milliseconds");
        }
    }

    @Override
    public String toString() {
        return "OAuth2ClientConfig[connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", "
                + trust.getAcceptedIssuers().length + " trusted CAs, backoff " + firstBackoff + ".." + maxBackoff + "]";
    }
}
