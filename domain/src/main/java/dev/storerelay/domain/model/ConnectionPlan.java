package dev.storerelay.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a store's upstream server: host, concrete port, concrete TLS behaviour and the login, if any.
 * Two messages with equal plans may share an upstream connection.
 */
public record ConnectionPlan(ServerAddress host, int port, TlsBehaviour tls, SmtpConnection.Credentials credentials) {
    public ConnectionPlan {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        new Port(port);
    }

    public Optional<SmtpConnection.Credentials> login() {
        return Optional.ofNullable(credentials);
    }

    @Override
    public String toString() {
        return host + ":" + port + " (" + tls + (credentials == null ? "" : ", login " + credentials.login()) + ")";
    }
}
