package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.AuthenticationMethod;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.ServerTrust;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which of a unit's own settings a change touched, field by field in the seed's words (and the admin page's for the
 * parts the seed predates), for the audit trail. A secret is reported as set, changed or cleared, never with its value.
 */
public final class SettingsChanges {
    public static final String SERVER_ADDRESS = "SMTP Server Address";
    public static final String PORT = "Port Number";
    public static final String LOGIN = "SMTP Server Login";
    public static final String PASSWORD = "SMTP Server Password";
    public static final String SECURE_SOCKET_OPTIONS = "Secure Socket Options";
    public static final String OUTGOING_EMAIL_ADDRESS = "Outgoing Email address";
    public static final String AUTHENTICATION = "Authentication";
    public static final String OAUTH2 = "OAuth 2.0 ";
    public static final String PINNED_CERTIFICATES = "Pinned server certificates";
    public static final String TRUSTED_CAS = "Trusted CA certificates";
    public static final String REFRESH_TOKEN = OAUTH2 + "refresh token";

    /** One field that changed, and how. */
    public record FieldChange(String field, String change) {
    }

    private SettingsChanges() {
    }

    public static List<FieldChange> between(UnitSettings before, UnitSettings after) {
        List<FieldChange> changes = new ArrayList<>();
        SmtpConnection was = before.connection();
        SmtpConnection is = after.connection();
        compare(changes, SERVER_ADDRESS, text(was, c -> c.serverAddress().value()), text(is, c -> c.serverAddress().value()));
        compare(changes, PORT, text(was, c -> c.port() == null ? null : Integer.toString(c.port().value())),
                text(is, c -> c.port() == null ? null : Integer.toString(c.port().value())));
        compare(changes, LOGIN, text(was, SmtpConnection::login), text(is, SmtpConnection::login));
        secret(changes, PASSWORD, was == null ? null : was.password(), is == null ? null : is.password());
        // The password method is the default: a block that appears or goes with it says nothing new.
        compare(changes, AUTHENTICATION, text(was, SettingsChanges::methodUnlessDefault), text(is, SettingsChanges::methodUnlessDefault),
                text(was, c -> c.authentication().name()), text(is, c -> c.authentication().name()));
        oauth2(changes, was == null ? null : was.oauth2(), is == null ? null : is.oauth2());
        compare(changes, PINNED_CERTIFICATES, text(was, c -> pins(c.trust())), text(is, c -> pins(c.trust())));
        String oldCas = was == null ? null : was.trust().caCertificatesPem();
        String newCas = is == null ? null : is.trust().caCertificatesPem();
        if (!Objects.equals(oldCas, newCas)) {
            changes.add(new FieldChange(TRUSTED_CAS, oldCas == null ? "set" : newCas == null ? "cleared" : "changed"));
        }
        compare(changes, SECURE_SOCKET_OPTIONS, text(was, c -> c.secureSocketOptions().name()), text(is, c -> c.secureSocketOptions().name()));
        compare(changes, OUTGOING_EMAIL_ADDRESS,
                before.outgoingEmailAddress() == null ? null : before.outgoingEmailAddress().value(),
                after.outgoingEmailAddress() == null ? null : after.outgoingEmailAddress().value());
        return changes;
    }

    /**
     * A refresh token an admin obtained by signing in at the provider ("Sign in with …" on the admin page), naming the
     * account that signed in (never the token).
     *
     * @param account the account the provider said signed in; {@code null} when it did not say
     */
    public static FieldChange refreshTokenBySignIn(String account) {
        return new FieldChange(REFRESH_TOKEN, account == null || account.isBlank()
                ? "set by signing in (the provider did not name the account)"
                : "set by signing in as " + account.strip());
    }

    private static String methodUnlessDefault(SmtpConnection connection) {
        return connection.authentication() == AuthenticationMethod.DEFAULT ? null : connection.authentication().name();
    }

    /** Like {@link #compare}, reporting the full values when both sides have one and they differ. */
    private static void compare(List<FieldChange> changes, String field, String shownBefore, String shownAfter,
                                String before, String after) {
        if (before != null && after != null) {
            compare(changes, field, before, after);
        } else {
            compare(changes, field, shownBefore, shownAfter);
        }
    }

    private static void oauth2(List<FieldChange> changes, OAuth2Settings was, OAuth2Settings is) {
        compare(changes, OAUTH2 + "provider", text(was, o -> o.provider().name()), text(is, o -> o.provider().name()));
        compare(changes, OAUTH2 + "grant", text(was, o -> o.grant().name()), text(is, o -> o.grant().name()));
        compare(changes, OAUTH2 + "tenant", text(was, OAuth2Settings::tenantId), text(is, OAuth2Settings::tenantId));
        compare(changes, OAUTH2 + "client id", text(was, OAuth2Settings::clientId), text(is, OAuth2Settings::clientId));
        secret(changes, OAUTH2 + "client secret", secret(was, OAuth2Settings::clientSecret), secret(is, OAuth2Settings::clientSecret));
        secret(changes, OAUTH2 + "private key", secret(was, OAuth2Settings::privateKeyPem), secret(is, OAuth2Settings::privateKeyPem));
        String oldCertificate = text(was, OAuth2Settings::certificatePem);
        String newCertificate = text(is, OAuth2Settings::certificatePem);
        if (!Objects.equals(oldCertificate, newCertificate)) {
            changes.add(new FieldChange(OAUTH2 + "certificate", oldCertificate == null ? "set" : newCertificate == null ? "cleared" : "changed"));
        }
        secret(changes, OAUTH2 + "service account key", secret(was, OAuth2Settings::serviceAccountJson),
                secret(is, OAuth2Settings::serviceAccountJson));
        compare(changes, OAUTH2 + "token endpoint", text(was, OAuth2Settings::tokenEndpoint), text(is, OAuth2Settings::tokenEndpoint));
        compare(changes, OAUTH2 + "sign-in page", text(was, OAuth2Settings::authorizationEndpoint),
                text(is, OAuth2Settings::authorizationEndpoint));
        compare(changes, OAUTH2 + "scope", text(was, OAuth2Settings::scope), text(is, OAuth2Settings::scope));
        secret(changes, REFRESH_TOKEN, secret(was, OAuth2Settings::refreshToken), secret(is, OAuth2Settings::refreshToken));
    }

    private static void secret(List<FieldChange> changes, String field, Secret before, Secret after) {
        if (!Objects.equals(before, after)) {
            changes.add(new FieldChange(field, before == null ? "set" : after == null ? "cleared" : "changed"));
        }
    }

    private static Secret secret(OAuth2Settings settings, Function<OAuth2Settings, Secret> secret) {
        return settings == null ? null : secret.apply(settings);
    }

    private static String pins(ServerTrust trust) {
        return trust.pinnedSha256().isEmpty() ? null
                : String.join(", ", trust.pinnedSha256().stream().map(ServerTrust::display).toList());
    }

    private static <T> String text(T value, Function<T, String> text) {
        return value == null ? null : text.apply(value);
    }


    private static void compare(List<FieldChange> changes, String field, String before, String after) {
        if (Objects.equals(before, after)) {
            return;
        }
        String change = before == null ? "set to " + after
                : after == null ? "cleared (was " + before + "; inherited now)"
                : "changed from " + before + " to " + after;
        changes.add(new FieldChange(field, change));
    }
}
