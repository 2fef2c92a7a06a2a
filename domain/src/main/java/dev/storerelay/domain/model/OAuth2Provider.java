package dev.storerelay.domain.model;

import java.net.URI;
import java.util.Optional;

/**
 * Who issues the tokens. The presets fill the token endpoint, the authorization endpoint and the scope (README,
 * *Microsoft 365, Google Workspace and other OAuth 2.0 providers*); {@link #GENERIC} takes them from the settings.
 */
public enum OAuth2Provider {
    MICROSOFT_365("Microsoft 365", "https://outlook.office365.com/.default") {
        /**
         * App-only tokens ask for the application permissions of Exchange Online ({@code .default}); a delegated
         * token asks for {@code SMTP.Send} on the Outlook resource, as Microsoft's "Authenticate an IMAP, POP or
         * SMTP connection using OAuth" names it.
         */
        @Override
        public Optional<String> presetScope(OAuth2Grant grant) {
            return Optional.of(grant == OAuth2Grant.REFRESH_TOKEN ? "https://outlook.office.com/SMTP.Send" : super.presetScope);
        }

        @Override
        public Optional<URI> presetTokenEndpoint(String tenantId) {
            return Optional.of(URI.create("https://login.microsoftonline.com/" + tenantId + "/oauth2/v2.0/token"));
        }

        @Override
        public Optional<URI> presetAuthorizationEndpoint(String tenantId) {
            return Optional.of(URI.create("https://login.microsoftonline.com/" + tenantId + "/oauth2/v2.0/authorize"));
        }
    },
    GOOGLE("Google", "https://mail.google.com/") {
        @Override
        public Optional<URI> presetTokenEndpoint(String tenantId) {
            return Optional.of(URI.create("https://oauth2.googleapis.com/token"));
        }

        @Override
        public Optional<URI> presetAuthorizationEndpoint(String tenantId) {
            return Optional.of(URI.create("https://accounts.google.com/o/oauth2/v2/auth"));
        }
    },
    GENERIC("another provider", null) {
        @Override
        public Optional<URI> presetTokenEndpoint(String tenantId) {
            return Optional.empty();
        }

        @Override
        public Optional<URI> presetAuthorizationEndpoint(String tenantId) {
            return Optional.empty();
        }
    };

    private final String displayName;
    final String presetScope;

    OAuth2Provider(String displayName, String presetScope) {
        this.displayName = displayName;
        this.presetScope = presetScope;
    }

    /** The provider's name as an admin knows it. */
    public String displayName() {
        return displayName;
    }

    /** The scope SMTP sending needs at this provider with this grant; empty for {@link #GENERIC}. */
    public Optional<String> presetScope(OAuth2Grant grant) {
        return Optional.ofNullable(presetScope);
    }

    /** The token endpoint of this provider (of the tenant, for Microsoft 365); empty for {@link #GENERIC}. */
    public abstract Optional<URI> presetTokenEndpoint(String tenantId);

    /** Where an admin signs in for a refresh token; empty for {@link #GENERIC}. */
    public abstract Optional<URI> presetAuthorizationEndpoint(String tenantId);

    /** Whether the settings name the endpoints and scope themselves. */
    public boolean isGeneric() {
        return this == GENERIC;
    }
}
