package dev.storerelay.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The connection block of the settings screen: server address, port, login, password and secure socket options, and the
 * two parts the screen lacks: the authentication method with its OAuth 2.0 settings, and the unit's own trust in
 * server certificates. It is inherited whole (README, *Pointing a legacy system at it*), so it is one value. Only a
 * consistent block exists: with a password login, a login needs a password and a password needs a login; with OAuth 2.0
 * the login is the mailbox (required) and there is no password.
 *
 * @param port     {@code null} when empty: the conventional port of the encryption is used
 * @param login    {@code null} when the server needs no authentication (password method only)
 * @param password {@code null} exactly when {@code login} is, or with OAuth 2.0
 * @param oauth2   {@code null} for the password method
 */
public record SmtpConnection(ServerAddress serverAddress, Port port, String login, Secret password,
                             SecureSocketOptions secureSocketOptions, OAuth2Settings oauth2, ServerTrust trust) {
    public SmtpConnection {
        Objects.requireNonNull(serverAddress, "serverAddress");
        Objects.requireNonNull(secureSocketOptions, "secureSocketOptions");
        Objects.requireNonNull(trust, "trust");
        if (oauth2 == null && (login == null) != (password == null)) {
            throw new IllegalArgumentException("login and password go together");
        }
        if (oauth2 != null && (login == null || password != null)) {
            throw new IllegalArgumentException("OAuth 2.0 needs the mailbox as login and no password");
        }
        if (login != null && (login.isEmpty() || Texts.hasLineBreakOrNul(login))) {
            throw new IllegalArgumentException("login must be non-empty and on one line");
        }
    }

    /** A password login (or none), trusting the CAs of the JDK and the operator only. */
    public SmtpConnection(ServerAddress serverAddress, Port port, String login, Secret password,
                          SecureSocketOptions secureSocketOptions) {
        this(serverAddress, port, login, password, secureSocketOptions, null, ServerTrust.DEFAULT);
    }

    public Optional<Port> explicitPort() {
        return Optional.ofNullable(port);
    }

    public AuthenticationMethod authentication() {
        return oauth2 == null ? AuthenticationMethod.PASSWORD : AuthenticationMethod.OAUTH2;
    }

    public Optional<OAuth2Settings> ownOAuth2() {
        return Optional.ofNullable(oauth2);
    }

    /**
     * How the relay logs in with this block, if it does; {@code definedBy} is the unit whose settings these are (a
     * refresh token is kept there).
     */
    public Optional<UpstreamLogin> upstreamLogin(UnitId definedBy) {
        if (oauth2 != null) {
            return Optional.of(new UpstreamLogin.OAuth2(login, oauth2, definedBy));
        }
        return login == null ? Optional.empty() : Optional.of(new UpstreamLogin.Password(login, password));
    }
}
