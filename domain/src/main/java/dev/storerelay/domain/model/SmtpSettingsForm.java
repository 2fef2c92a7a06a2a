package dev.storerelay.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * The fields of the SMTP Server screen as entered, before validation: the seed's six, and the connection block's
 * authentication method with its OAuth 2.0 settings and the unit's own server trust. {@code null} or blank means
 * "not set on this unit". The port stays text so that "abc" gets a field error rather than a parse exception.
 *
 * @param authentication {@code null} or blank: {@link AuthenticationMethod#PASSWORD}
 * @param oauth2         the OAuth 2.0 fields; {@code null} when none were given
 * @param trust          the unit's own trust; {@code null} when none
 */
public record SmtpSettingsForm(String serverAddress, String port, String login, PasswordChange password,
                               String secureSocketOptions, String outgoingEmailAddress, String authentication,
                               OAuth2Form oauth2, TrustForm trust) {
    public static final String SERVER_ADDRESS = "serverAddress";
    public static final String PORT = "port";
    public static final String LOGIN = "login";
    public static final String PASSWORD = "password";
    public static final String SECURE_SOCKET_OPTIONS = "secureSocketOptions";
    public static final String OUTGOING_EMAIL_ADDRESS = "outgoingEmailAddress";
    public static final String AUTHENTICATION = "authentication";
    public static final String OAUTH2 = "oauth2";
    public static final String TRUST = "trust";

    public SmtpSettingsForm {
        Objects.requireNonNull(password, "password");
    }

    /** The seed's six fields alone: a password login (or none), no trust of the unit's own. */
    public SmtpSettingsForm(String serverAddress, String port, String login, PasswordChange password,
                            String secureSocketOptions, String outgoingEmailAddress) {
        this(serverAddress, port, login, password, secureSocketOptions, outgoingEmailAddress, null, null, null);
    }

    /**
     * The OAuth 2.0 fields as entered (README, *Admin page*); each secret is kept, cleared or replaced like the
     * password. Blank texts are not set.
     */
    public record OAuth2Form(String provider, String grant, String tenantId, String clientId, PasswordChange clientSecret,
                             PasswordChange privateKeyPem, String certificatePem, PasswordChange serviceAccountJson,
                             String tokenEndpoint, String authorizationEndpoint, String scope,
                             PasswordChange refreshToken) {
        public OAuth2Form {
            Objects.requireNonNull(clientSecret, "clientSecret");
            Objects.requireNonNull(privateKeyPem, "privateKeyPem");
            Objects.requireNonNull(serviceAccountJson, "serviceAccountJson");
            Objects.requireNonNull(refreshToken, "refreshToken");
        }
    }

    /** The unit's own trust in server certificates as entered: fingerprints to pin and CA certificates (PEM). */
    public record TrustForm(List<String> pinnedSha256, String caCertificatesPem) {
        public TrustForm {
            pinnedSha256 = pinnedSha256 == null ? List.of() : List.copyOf(pinnedSha256);
        }
    }
}
