package dev.storerelay.domain.model;

import java.util.Objects;

/** How the relay logs in to a store's upstream server when it does: with a password, or with OAuth 2.0. */
public sealed interface UpstreamLogin {

    /** The name sent in SMTP AUTH: the login, or the mailbox for OAuth 2.0 ({@code user=} of XOAUTH2). */
    String username();

    AuthenticationMethod method();

    /** SMTP AUTH {@code PLAIN} or {@code LOGIN} with the settings' login and password. */
    record Password(String username, Secret password) implements UpstreamLogin {
        public Password {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public AuthenticationMethod method() {
            return AuthenticationMethod.PASSWORD;
        }
    }

    /**
     * SASL {@code XOAUTH2} as {@code username} with an access token for {@link #identity()}. Two such logins are
     * equal when they log in as the same mailbox with the same identity, so that upstream connections stay pooled
     * when the provider rotates the refresh token.
     */
    final class OAuth2 implements UpstreamLogin {
        private final String username;
        private final OAuth2Settings settings;
        private final UnitId definedBy;
        private final OAuth2Identity identity;

        /** @param definedBy the unit whose settings hold these (its refresh token is stored there) */
        public OAuth2(String username, OAuth2Settings settings, UnitId definedBy) {
            this.username = Objects.requireNonNull(username, "username");
            this.settings = Objects.requireNonNull(settings, "settings");
            this.definedBy = Objects.requireNonNull(definedBy, "definedBy");
            this.identity = OAuth2Identity.of(settings, username, definedBy);
        }

        @Override
        public String username() {
            return username;
        }

        public OAuth2Settings settings() {
            return settings;
        }

        public UnitId definedBy() {
            return definedBy;
        }

        public OAuth2Identity identity() {
            return identity;
        }

        @Override
        public AuthenticationMethod method() {
            return AuthenticationMethod.OAUTH2;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof OAuth2 that && username.equals(that.username) && identity.equals(that.identity);
        }

        @Override
        public int hashCode() {
            return Objects.hash(username, identity);
        }

        @Override
        public String toString() {
            return "OAuth2[" + username + ", " + identity + "]";
        }
    }
}
