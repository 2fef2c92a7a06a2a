package dev.storerelay.domain.model;

import java.util.Objects;

/**
 * Whom an access token is for: one token per identity serves every delivery (README, *OAuth 2.0 tokens*). App-only
 * tokens ({@link OAuth2Grant#CLIENT_CREDENTIALS}) are the client's, whatever mailbox sends; a delegated or
 * impersonating token is also the mailbox's, and a refresh token belongs to the unit whose settings keep it. The
 * refresh token itself is not part of the identity: the provider may rotate it with every token, and the identity must
 * stay the same.
 *
 * @param client            the OAuth 2.0 settings without their refresh token
 * @param subject           the mailbox the token acts for; {@code null} for app-only tokens
 * @param refreshTokenOwner the unit keeping the refresh token; {@code null} unless the grant is a refresh token
 */
public record OAuth2Identity(OAuth2Settings client, String subject, UnitId refreshTokenOwner) {
    public OAuth2Identity {
        Objects.requireNonNull(client, "client");
        if (client.refreshToken() != null) {
            throw new IllegalArgumentException("an identity does not hold the refresh token");
        }
    }

    /** The identity of tokens for {@code mailbox} with these settings, kept on unit {@code definedBy}. */
    public static OAuth2Identity of(OAuth2Settings settings, String mailbox, UnitId definedBy) {
        OAuth2Settings client = settings.withRefreshToken(null);
        switch (settings.grant()) {
            case CLIENT_CREDENTIALS:
                return new OAuth2Identity(client, null, null);
            case JWT_BEARER:
                return new OAuth2Identity(client, Objects.requireNonNull(mailbox, "mailbox"), null);
            case REFRESH_TOKEN:
                return new OAuth2Identity(client, Objects.requireNonNull(mailbox, "mailbox"),
                        Objects.requireNonNull(definedBy, "definedBy"));
            default:
                throw new IllegalStateException("unknown grant " + settings.grant());
        }
    }

    @Override
    public String toString() {
        return "OAuth2Identity[" + client.effectiveTokenEndpoint().getHost() + ", client " + client.clientId()
                + (subject == null ? "" : ", for " + subject) + "]";
    }
}
