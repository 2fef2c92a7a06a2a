package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Provider;

import java.util.List;
import java.util.Map;

/**
 * The labels and help texts of the SMTP Server screen's parts the seed's screen predates: the authentication method,
 * the OAuth 2.0 settings with what to register at Microsoft Entra ID and in Google Admin, and the unit's own trust in
 * server certificates (README, *Microsoft 365, Google Workspace and other OAuth 2.0 providers*).
 */
final class OAuth2SettingsHelp {
    static final String AUTHENTICATION = "Authentication";
    static final String AUTHENTICATION_HELP = "How store-relay logs in to the SMTP server. Password: with the SMTP "
            + "Server Login and Password above. OAuth 2.0: with an access token store-relay gets from the provider "
            + "itself (SASL XOAUTH2); the SMTP Server Login is then the mailbox to send as, and the password is not "
            + "used. Microsoft 365 turns password log-in to SMTP off by default at the end of December 2026, and "
            + "Google Workspace takes only OAuth 2.0 or app passwords.";
    static final Map<String, String> AUTHENTICATION_NAMES = Map.of("PASSWORD", "Password", "OAUTH2", "OAuth 2.0");

    static final String OAUTH2_LEGEND = "OAuth 2.0";
    static final String OAUTH2_INTRO = "Used when Authentication is OAuth 2.0. Fields that do not apply to the chosen "
            + "provider and grant are not saved. Secrets are write-only: leave a field empty to keep what is stored.";

    static final String PROVIDER = "Provider";
    static final String PROVIDER_HELP = "Who issues the access tokens. Microsoft 365 and Google come with their token "
            + "endpoint, sign-in page and scope; for another provider enter them below. What to register at the "
            + "provider:";
    static final Map<OAuth2Provider, String> PROVIDER_NAMES = Map.of(
            OAuth2Provider.MICROSOFT_365, "Microsoft 365 (Microsoft Entra ID)",
            OAuth2Provider.GOOGLE, "Google Workspace",
            OAuth2Provider.GENERIC, "Another provider");

    /** Step by step, per provider and grant: what an admin registers so that the relay may send. */
    static final List<SetUp> SET_UP = List.of(
            new SetUp(OAuth2Provider.MICROSOFT_365, OAuth2Grant.CLIENT_CREDENTIALS,
                    "Microsoft 365, client credentials (recommended: no user signs in): "
                            + "1. Microsoft Entra admin center → App registrations → New registration (accounts in this "
                            + "organizational directory only). From its Overview, copy the Application (client) ID into "
                            + "Client ID and the Directory (tenant) ID into Tenant. "
                            + "2. Certificates & secrets → New client secret: copy its Value (not the Secret ID) into "
                            + "Client secret; or upload a certificate and enter its private key and certificate below. "
                            + "3. API permissions → Add a permission → APIs my organization uses → Office 365 Exchange "
                            + "Online → Application permissions → SMTP.SendAsApp, then Grant admin consent for the tenant. "
                            + "4. In Exchange Online PowerShell (Connect-ExchangeOnline), register the app's service "
                            + "principal and give it the mailbox: New-ServicePrincipal -AppId <Application (client) ID> "
                            + "-ObjectId <Object ID>, then Add-MailboxPermission -Identity <mailbox> -User <Object ID> "
                            + "-AccessRights FullAccess. The Object ID is the one on Enterprise applications → the app → "
                            + "Overview, not the one under App registrations. "
                            + "5. Authenticated SMTP must be on for the mailbox (Microsoft 365 admin center → Users → "
                            + "the mailbox → Mail → Manage email apps). The SMTP Server Login is that mailbox; the server "
                            + "is smtp.office365.com, port 587, StartTLS."),
            new SetUp(OAuth2Provider.MICROSOFT_365, OAuth2Grant.REFRESH_TOKEN,
                    "Microsoft 365, refresh token (the mailbox's user signs in once): an app registration as above "
                            + "with Authentication → Add a platform → Web and the redirect URI shown at Refresh token, "
                            + "API permissions → Microsoft Graph → Delegated permissions → SMTP.Send and offline_access, "
                            + "and a client secret (or certificate). Save, then use Sign in with Microsoft as the mailbox."),
            new SetUp(OAuth2Provider.GOOGLE, OAuth2Grant.JWT_BEARER,
                    "Google Workspace, service account (recommended: no user signs in): "
                            + "1. Google Cloud console → IAM & Admin → Service accounts → Create service account; on "
                            + "its Keys tab, Add key → Create new key → JSON, and paste the file's contents into Service "
                            + "account key. Its Client ID (the numeric Unique ID on the Details tab) goes into Client ID. "
                            + "2. Google Admin console (admin.google.com) → Security → Access and data control → API "
                            + "controls → Manage domain-wide delegation → Add new: that Client ID with the OAuth scope "
                            + "https://mail.google.com/ . "
                            + "3. The SMTP Server Login is a mailbox of the Workspace domain, which the service account "
                            + "sends as; the server is smtp.gmail.com, port 587, StartTLS (or 465, SSL on connect)."),
            new SetUp(OAuth2Provider.GOOGLE, OAuth2Grant.REFRESH_TOKEN,
                    "Google Workspace, refresh token (the mailbox's user signs in once): Google Cloud console → APIs & "
                            + "Services → OAuth consent screen (Internal) with the scope https://mail.google.com/, and "
                            + "Credentials → Create credentials → OAuth client ID → Web application with the redirect URI "
                            + "shown at Refresh token. Enter its client ID and client secret, save, then use Sign in with "
                            + "Google as the mailbox."),
            new SetUp(OAuth2Provider.GENERIC, null,
                    "Another provider: register store-relay as a client that may send mail over SMTP with XOAUTH2, "
                            + "and enter the provider's token endpoint and scope (and for a refresh token its sign-in "
                            + "page, with the redirect URI shown at Refresh token registered)."));

    static final String GRANT = "Grant";
    static final String GRANT_HELP = "How store-relay gets its tokens.";
    static final Map<OAuth2Grant, String> GRANT_NAMES = Map.of(
            OAuth2Grant.CLIENT_CREDENTIALS, "Client credentials (app-only)",
            OAuth2Grant.JWT_BEARER, "Service account (JWT bearer)",
            OAuth2Grant.REFRESH_TOKEN, "Refresh token (a user signs in)");
    static final Map<OAuth2Grant, String> GRANT_SENTENCES = Map.of(
            OAuth2Grant.CLIENT_CREDENTIALS, "The app's own client secret or certificate; Microsoft 365's way for a "
                    + "service (application permission SMTP.SendAsApp).",
            OAuth2Grant.JWT_BEARER, "A Google service account with domain-wide delegation signs a request for the "
                    + "mailbox (the SMTP Server Login).",
            OAuth2Grant.REFRESH_TOKEN, "The mailbox's user signs in once with Sign in with …; store-relay keeps the "
                    + "refresh token and renews it when the provider rotates it.");

    static final String TENANT_ID = "Tenant";
    static final String TENANT_ID_HELP = "Microsoft 365 only: the Directory (tenant) ID from the app registration's "
            + "Overview (a GUID), or a verified domain such as contoso.com.";
    static final String CLIENT_ID = "Client ID";
    static final String CLIENT_ID_HELP = "Every provider and grant: the Application (client) ID of the Microsoft Entra "
            + "app registration, the Client ID of the Google service account or OAuth client, or the client id another "
            + "provider gave store-relay.";
    static final String CLIENT_SECRET = "Client secret";
    static final String CLIENT_SECRET_HELP = "Client credentials and refresh token: the secret's Value (for Microsoft "
            + "Entra, not the Secret ID). Leave it empty when a private key and certificate are given instead, or for "
            + "a public client that signs in without a secret.";
    static final String PRIVATE_KEY_PEM = "Private key (PEM)";
    static final String PRIVATE_KEY_PEM_HELP = "Instead of a client secret (Microsoft's certificate credential, "
            + "private_key_jwt) or of a service account key file: the RSA or EC private key, -----BEGIN PRIVATE KEY----- … , "
            + "given together with its certificate.";
    static final String CERTIFICATE_PEM = "Certificate (PEM)";
    static final String CERTIFICATE_PEM_HELP = "The certificate of the private key above, as uploaded to the app "
            + "registration (Certificates & secrets → Certificates): -----BEGIN CERTIFICATE----- … .";
    static final String SERVICE_ACCOUNT_JSON = "Service account key (JSON)";
    static final String SERVICE_ACCOUNT_JSON_HELP = "Google service account only (grant Service account): the contents "
            + "of the JSON key file created on the service account's Keys tab.";
    static final String TOKEN_ENDPOINT = "Token endpoint";
    static final String TOKEN_ENDPOINT_HELP = "Another provider only: where store-relay gets its tokens, https://… . "
            + "Microsoft 365 and Google have their own.";
    static final String AUTHORIZATION_ENDPOINT = "Sign-in page (authorization endpoint)";
    static final String AUTHORIZATION_ENDPOINT_HELP = "Another provider with the grant Refresh token only: where an "
            + "admin signs in for the refresh token, https://… . Optional: without it, paste a refresh token instead.";
    static final String SCOPE = "Scope";
    static final String SCOPE_HELP = "Another provider only: the scope the provider wants for sending mail over SMTP. "
            + "Microsoft 365 uses https://outlook.office365.com/.default (https://outlook.office.com/SMTP.Send when a user signs "
            + "in) and Google https://mail.google.com/.";
    static final String REFRESH_TOKEN = "Refresh token";
    static final String REFRESH_TOKEN_HELP = "Grant Refresh token only: set by Sign in with … after saving, or pasted "
            + "here. Register this redirect URI at the provider:";
    static final String SIGN_IN_FIRST = "Save the settings with the grant Refresh token first: Sign in with … uses the "
            + "saved settings.";

    static final String TRUST_LEGEND = "Server certificate";
    static final String TRUST_INTRO = "Part of the connection block. The server's certificate is always checked "
            + "(chain and host name) against the usual certificate authorities; here this unit can also trust a "
            + "certificate of its own server.";
    static final String PINNED_SHA256 = "Pinned certificates (SHA-256)";
    static final String PINNED_SHA256_HELP = "One SHA-256 fingerprint per line (AB:CD:… or plain hex), e.g. a "
            + "self-signed certificate of the store's server: a certificate pinned here is trusted whoever issued it; "
            + "its host name is still checked. Copy it from the certificate chain of Test connection below. At most 10.";
    static final String CA_CERTIFICATES_PEM = "Trusted CA certificates (PEM)";
    static final String CA_CERTIFICATES_PEM_HELP = "One or more CA certificates, -----BEGIN CERTIFICATE----- … , "
            + "trusted for this unit's server only, e.g. a company's own CA.";

    /** What to register for one provider (and grant; {@code null}: any). */
    record SetUp(OAuth2Provider provider, OAuth2Grant grant, String text) {
    }

    /** The words of "Sign in with …" for the provider. */
    static String signInLabel(OAuth2Provider provider) {
        switch (provider) {
            case MICROSOFT_365:
                return "Sign in with Microsoft";
            case GOOGLE:
                return "Sign in with Google";
            default:
                return "Sign in with the provider";
        }
    }

    private OAuth2SettingsHelp() {
    }
}
