package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Provider;
import dev.storerelay.domain.model.PasswordChange;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SmtpSettingsForm;
import dev.storerelay.domain.model.SmtpSettingsForm.OAuth2Form;
import dev.storerelay.domain.model.SmtpSettingsForm.TrustForm;
import io.javalin.http.Context;

import java.util.Arrays;
import java.util.List;

import static dev.storerelay.domain.model.OAuth2Settings.AUTHORIZATION_ENDPOINT;
import static dev.storerelay.domain.model.OAuth2Settings.CERTIFICATE_PEM;
import static dev.storerelay.domain.model.OAuth2Settings.CLIENT_ID;
import static dev.storerelay.domain.model.OAuth2Settings.CLIENT_SECRET;
import static dev.storerelay.domain.model.OAuth2Settings.GRANT;
import static dev.storerelay.domain.model.OAuth2Settings.PRIVATE_KEY_PEM;
import static dev.storerelay.domain.model.OAuth2Settings.PROVIDER;
import static dev.storerelay.domain.model.OAuth2Settings.REFRESH_TOKEN;
import static dev.storerelay.domain.model.OAuth2Settings.SCOPE;
import static dev.storerelay.domain.model.OAuth2Settings.SERVICE_ACCOUNT_JSON;
import static dev.storerelay.domain.model.OAuth2Settings.TENANT_ID;
import static dev.storerelay.domain.model.OAuth2Settings.TOKEN_ENDPOINT;
import static dev.storerelay.domain.model.ServerTrust.CA_CERTIFICATES_PEM;
import static dev.storerelay.domain.model.ServerTrust.PINNED_SHA256;

/**
 * The SMTP Server form as posted: the text to show again after an error, and the domain's {@link SmtpSettingsForm}.
 * The OAuth 2.0 fields go in only when OAuth 2.0 is chosen (the domain refuses them with a password login), and of
 * them only those that apply to the chosen provider and grant: a field the page hides for that choice is not saved, and
 * a secret that does not apply is cleared, so switching from a client secret to a service account does not trip over
 * the secret still stored.
 */
final class SmtpServerForm {
    static final String OAUTH2_METHOD = "OAUTH2";

    private SmtpServerForm() {
    }

    static SmtpServerPage.Values values(Context ctx) {
        return new SmtpServerPage.Values(ctx.formParam(SmtpSettingsForm.SERVER_ADDRESS), ctx.formParam(SmtpSettingsForm.PORT),
                ctx.formParam(SmtpSettingsForm.LOGIN), ctx.formParam(SmtpSettingsForm.SECURE_SOCKET_OPTIONS),
                ctx.formParam(SmtpSettingsForm.OUTGOING_EMAIL_ADDRESS), ctx.formParam(SmtpSettingsForm.AUTHENTICATION),
                new SmtpServerPage.OAuth2Values(ctx.formParam(PROVIDER), ctx.formParam(GRANT), ctx.formParam(TENANT_ID),
                        ctx.formParam(CLIENT_ID), ctx.formParam(CERTIFICATE_PEM), ctx.formParam(TOKEN_ENDPOINT),
                        ctx.formParam(AUTHORIZATION_ENDPOINT), ctx.formParam(SCOPE)),
                ctx.formParam(PINNED_SHA256), ctx.formParam(CA_CERTIFICATES_PEM));
    }

    static SmtpSettingsForm toForm(Context ctx, SmtpServerPage.Values values) {
        PasswordChange password = secretChange(ctx, SmtpSettingsForm.PASSWORD, SmtpServerPage.CLEAR_PASSWORD);
        boolean oauth2 = values.authentication() != null && OAUTH2_METHOD.equalsIgnoreCase(values.authentication().strip());
        return new SmtpSettingsForm(values.serverAddress(), values.port(), values.login(), password,
                values.secureSocketOptions(), values.outgoingEmailAddress(), values.authentication(),
                oauth2 ? oauth2(ctx, values.oauth2()) : null,
                new TrustForm(lines(values.pinnedSha256()), values.caCertificatesPem()));
    }

    private static OAuth2Form oauth2(Context ctx, SmtpServerPage.OAuth2Values v) {
        OAuth2Provider provider = choice(OAuth2Provider.class, v.provider());
        OAuth2Grant grant = choice(OAuth2Grant.class, v.grant());
        Applicable a = field -> OAuth2FieldsView.applies(field, provider, grant);
        return new OAuth2Form(v.provider(), v.grant(), a.text(TENANT_ID, v.tenantId()), v.clientId(),
                a.secret(ctx, CLIENT_SECRET), a.secret(ctx, PRIVATE_KEY_PEM), a.text(CERTIFICATE_PEM, v.certificatePem()),
                a.secret(ctx, SERVICE_ACCOUNT_JSON), a.text(TOKEN_ENDPOINT, v.tokenEndpoint()),
                a.text(AUTHORIZATION_ENDPOINT, v.authorizationEndpoint()), a.text(SCOPE, v.scope()),
                a.secret(ctx, REFRESH_TOKEN));
    }

    /** Which fields apply to the chosen provider and grant. */
    @FunctionalInterface
    private interface Applicable {
        boolean applies(String field);

        default String text(String field, String value) {
            return applies(field) ? value : null;
        }

        default PasswordChange secret(Context ctx, String field) {
            return applies(field) ? secretChange(ctx, field, FormFields.clearName(field)) : new PasswordChange.Clear();
        }
    }

    /** The box clears the stored secret, an empty input keeps it, text replaces it. */
    private static PasswordChange secretChange(Context ctx, String field, String clearBox) {
        String typed = ctx.formParam(field);
        if (ctx.formParam(clearBox) != null) {
            return new PasswordChange.Clear();
        }
        return typed == null || typed.isEmpty() ? new PasswordChange.Keep() : new PasswordChange.Replace(new Secret(typed));
    }

    /** One entry per non-blank line. */
    private static List<String> lines(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String text) {
        for (E value : type.getEnumConstants()) {
            if (text != null && value.name().equalsIgnoreCase(text.strip())) {
                return value;
            }
        }
        return null;
    }
}
