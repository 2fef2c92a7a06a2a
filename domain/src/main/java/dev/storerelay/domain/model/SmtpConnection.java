package dev.storerelay.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The connection block of the settings screen: server address, port, login, password and secure socket options.
 * It is inherited whole (DESIGN §2), so it is one value. Only a validated block exists: a login needs a password
 * and a password needs a login.
 *
 * @param port     {@code null} when empty: the conventional port of the encryption is used
 * @param login    {@code null} when the server needs no authentication
 * @param password {@code null} exactly when {@code login} is
 */
public record SmtpConnection(ServerAddress serverAddress, Port port, String login, Secret password,
                             SecureSocketOptions secureSocketOptions) {
    public SmtpConnection {
        Objects.requireNonNull(serverAddress, "serverAddress");
        Objects.requireNonNull(secureSocketOptions, "secureSocketOptions");
        if ((login == null) != (password == null)) {
            throw new IllegalArgumentException("login and password go together");
        }
        if (login != null && (login.isEmpty() || Texts.hasLineBreakOrNul(login))) {
            throw new IllegalArgumentException("login must be non-empty and on one line");
        }
    }

    public Optional<Port> explicitPort() {
        return Optional.ofNullable(port);
    }

    public Optional<Credentials> credentials() {
        return login == null ? Optional.empty() : Optional.of(new Credentials(login, password));
    }

    /** A login with its password. */
    public record Credentials(String login, Secret password) {
        public Credentials {
            Objects.requireNonNull(login, "login");
            Objects.requireNonNull(password, "password");
        }
    }
}
