package dev.storerelay.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a store's upstream server: host, concrete port, concrete TLS behaviour, the login if any, and what is
 * trusted besides the usual CAs. Two messages with equal plans may share an upstream connection.
 */
public record ConnectionPlan(ServerAddress host, int port, TlsBehaviour tls, UpstreamLogin upstreamLogin, ServerTrust trust) {
    public ConnectionPlan {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(trust, "trust");
        new Port(port);
    }

    /** Without a unit's own trust. */
    public ConnectionPlan(ServerAddress host, int port, TlsBehaviour tls, UpstreamLogin upstreamLogin) {
        this(host, port, tls, upstreamLogin, ServerTrust.DEFAULT);
    }

    public Optional<UpstreamLogin> login() {
        return Optional.ofNullable(upstreamLogin);
    }

    @Override
    public String toString() {
        return host + ":" + port + " (" + tls + (upstreamLogin == null ? "" : ", login " + upstreamLogin.username()
                + (upstreamLogin.method() == AuthenticationMethod.OAUTH2 ? " with OAuth 2.0" : "")) + ")";
    }
}
