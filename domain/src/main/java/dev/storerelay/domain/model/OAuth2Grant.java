package dev.storerelay.domain.model;

/** How the relay obtains its access tokens from the token endpoint (README, *OAuth 2.0 tokens*). */
public enum OAuth2Grant {
    /**
     * App-only (RFC 6749 §4.4): the relay's own client credential, a secret or a certificate. Microsoft 365's way for
     * a daemon: application permission {@code SMTP.SendAsApp} and the mailbox's permission for the app.
     */
    CLIENT_CREDENTIALS,
    /**
     * A signed assertion as the grant (RFC 7523): a Google service account with domain-wide delegation, its
     * subject the mailbox.
     */
    JWT_BEARER,
    /**
     * Delegated (RFC 6749 §6): a refresh token an admin obtained once by signing in with the mailbox (the
     * authorization-code flow with PKCE on the admin page), or pasted. Rotated refresh tokens are stored.
     */
    REFRESH_TOKEN
}
