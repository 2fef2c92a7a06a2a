package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Provider;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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

/**
 * The OAuth 2.0 part of the SMTP Server form (DESIGN §2), each field with what it is for and which provider and grant
 * it applies to. The field blocks say so in {@code data-providers} and {@code data-grants}, which the page's script
 * reads to show only what applies; without the script every field is visible, and what does not apply is not saved
 * ({@link #applies}).
 */
final class OAuth2FieldsView {
    static final String FIELDSET_ID = "oauth2-settings";
    static final String SIGN_IN_ID = "oauth2-sign-in";
    static final String REDIRECT_URI_ID = "oauth2-redirect-uri";

    /** The providers a provider-specific field is for; a field not named here is for every provider. */
    private static final Map<String, Set<OAuth2Provider>> PROVIDERS = Map.of(
            TENANT_ID, EnumSet.of(OAuth2Provider.MICROSOFT_365),
            TOKEN_ENDPOINT, EnumSet.of(OAuth2Provider.GENERIC),
            AUTHORIZATION_ENDPOINT, EnumSet.of(OAuth2Provider.GENERIC),
            SCOPE, EnumSet.of(OAuth2Provider.GENERIC));
    /** The grants a grant-specific field is for; a field not named here is for every grant. */
    private static final Map<String, Set<OAuth2Grant>> GRANTS = Map.of(
            CLIENT_SECRET, EnumSet.of(OAuth2Grant.CLIENT_CREDENTIALS, OAuth2Grant.REFRESH_TOKEN),
            SERVICE_ACCOUNT_JSON, EnumSet.of(OAuth2Grant.JWT_BEARER),
            AUTHORIZATION_ENDPOINT, EnumSet.of(OAuth2Grant.REFRESH_TOKEN),
            REFRESH_TOKEN, EnumSet.of(OAuth2Grant.REFRESH_TOKEN));

    private OAuth2FieldsView() {
    }

    /**
     * What the Refresh token field offers besides the field: a link that begins "Sign in with …" ({@code href} given),
     * or only a note why signing in is not possible here.
     */
    record SignInOffer(String label, String href, String note) {
        static SignInOffer link(String label, String href) {
            return new SignInOffer(label, href, null);
        }

        static SignInOffer note(String note) {
            return new SignInOffer(null, null, note);
        }
    }

    /** Whether {@code field} applies to the provider and grant; {@code null} (not chosen, or not understood) is any. */
    static boolean applies(String field, OAuth2Provider provider, OAuth2Grant grant) {
        Set<OAuth2Provider> providers = PROVIDERS.get(field);
        Set<OAuth2Grant> grants = GRANTS.get(field);
        return (provider == null || providers == null || providers.contains(provider))
                && (grant == null || grants == null || grants.contains(grant));
    }

    static Html fields(SmtpServerPage.Context c, FormFields f) {
        SmtpServerPage.OAuth2Values v = c.values().oauth2();
        String source = c.sources().connection();
        Html h = new Html().open("fieldset", "id", FIELDSET_ID, "class", "oauth2")
                .el("legend", OAuth2SettingsHelp.OAUTH2_LEGEND)
                .el("p", OAuth2SettingsHelp.OAUTH2_INTRO, "class", "help");
        if (f.error(dev.storerelay.domain.model.SmtpSettingsForm.OAUTH2) != null) {
            h.el("p", f.error(dev.storerelay.domain.model.SmtpSettingsForm.OAUTH2), "class", "error", "id", "oauth2-error");
        }

        f.open(h, PROVIDER, OAuth2SettingsHelp.PROVIDER, OAuth2SettingsHelp.PROVIDER_HELP, source);
        h.open("ul", "class", "options set-up");
        for (OAuth2SettingsHelp.SetUp setUp : OAuth2SettingsHelp.SET_UP) {
            h.el("li", setUp.text(), "data-providers", setUp.provider().name(),
                    "data-grants", setUp.grant() == null ? null : setUp.grant().name());
        }
        h.close("ul");
        select(h, f, PROVIDER, v.provider(), "Choose the provider", OAuth2Provider.values(),
                p -> OAuth2SettingsHelp.PROVIDER_NAMES.get(p));
        FormFields.end(h);

        f.open(h, GRANT, OAuth2SettingsHelp.GRANT, OAuth2SettingsHelp.GRANT_HELP, source);
        select(h, f, GRANT, v.grant(), "Choose the grant", OAuth2Grant.values(), g -> OAuth2SettingsHelp.GRANT_NAMES.get(g));
        h.open("ul", "class", "options");
        for (OAuth2Grant grant : OAuth2Grant.values()) {
            h.open("li").el("strong", OAuth2SettingsHelp.GRANT_NAMES.get(grant) + ": ")
                    .text(OAuth2SettingsHelp.GRANT_SENTENCES.get(grant)).close("li");
        }
        h.close("ul");
        FormFields.end(h);

        open(h, f, TENANT_ID, OAuth2SettingsHelp.TENANT_ID, OAuth2SettingsHelp.TENANT_ID_HELP, source);
        f.input(h, TENANT_ID, "text", v.tenantId(), null);
        FormFields.end(h);

        open(h, f, CLIENT_ID, OAuth2SettingsHelp.CLIENT_ID, OAuth2SettingsHelp.CLIENT_ID_HELP, source);
        f.input(h, CLIENT_ID, "text", v.clientId(), null);
        FormFields.end(h);

        open(h, f, CLIENT_SECRET, OAuth2SettingsHelp.CLIENT_SECRET, OAuth2SettingsHelp.CLIENT_SECRET_HELP, source);
        f.secret(h, CLIENT_SECRET, "client secret", c.secrets().clientSecret(), false);
        FormFields.end(h);

        open(h, f, PRIVATE_KEY_PEM, OAuth2SettingsHelp.PRIVATE_KEY_PEM, OAuth2SettingsHelp.PRIVATE_KEY_PEM_HELP, source);
        f.secret(h, PRIVATE_KEY_PEM, "private key", c.secrets().privateKey(), true);
        FormFields.end(h);

        open(h, f, CERTIFICATE_PEM, OAuth2SettingsHelp.CERTIFICATE_PEM, OAuth2SettingsHelp.CERTIFICATE_PEM_HELP, source);
        f.textarea(h, CERTIFICATE_PEM, v.certificatePem());
        FormFields.end(h);

        open(h, f, SERVICE_ACCOUNT_JSON, OAuth2SettingsHelp.SERVICE_ACCOUNT_JSON,
                OAuth2SettingsHelp.SERVICE_ACCOUNT_JSON_HELP, source);
        f.secret(h, SERVICE_ACCOUNT_JSON, "service account key", c.secrets().serviceAccount(), true);
        FormFields.end(h);

        open(h, f, TOKEN_ENDPOINT, OAuth2SettingsHelp.TOKEN_ENDPOINT, OAuth2SettingsHelp.TOKEN_ENDPOINT_HELP, source);
        f.input(h, TOKEN_ENDPOINT, "url", v.tokenEndpoint(), "https://");
        FormFields.end(h);

        open(h, f, AUTHORIZATION_ENDPOINT, OAuth2SettingsHelp.AUTHORIZATION_ENDPOINT,
                OAuth2SettingsHelp.AUTHORIZATION_ENDPOINT_HELP, source);
        f.input(h, AUTHORIZATION_ENDPOINT, "url", v.authorizationEndpoint(), "https://");
        FormFields.end(h);

        open(h, f, SCOPE, OAuth2SettingsHelp.SCOPE, OAuth2SettingsHelp.SCOPE_HELP, source);
        f.input(h, SCOPE, "text", v.scope(), null);
        FormFields.end(h);

        open(h, f, REFRESH_TOKEN, OAuth2SettingsHelp.REFRESH_TOKEN, OAuth2SettingsHelp.REFRESH_TOKEN_HELP, source);
        h.open("p", "class", "redirect-uri").el("code", c.redirectUri(), "id", REDIRECT_URI_ID).close("p");
        f.secret(h, REFRESH_TOKEN, "refresh token", c.secrets().refreshToken(), false);
        signIn(h, c.signIn());
        FormFields.end(h);

        return h.close("fieldset");
    }

    private static void signIn(Html h, SignInOffer offer) {
        if (offer == null) {
            return;
        }
        if (offer.href() != null) {
            // A plain link: the sign-in begins with a GET, since form-action 'self' would also bind a form's redirect.
            h.open("p", "class", "sign-in").el("a", offer.label(), "href", offer.href(), "id", SIGN_IN_ID,
                    "class", "button").close("p");
        }
        if (offer.note() != null) {
            h.el("p", offer.note(), "class", "hint", "id", SIGN_IN_ID + "-note");
        }
    }

    /** A field's block, marked with the providers and grants it applies to when it does not apply to all. */
    private static void open(Html h, FormFields f, String name, String label, String help, String source) {
        Set<OAuth2Provider> providers = PROVIDERS.get(name);
        Set<OAuth2Grant> grants = GRANTS.get(name);
        f.open(h, name, label, help, source,
                "data-providers", providers == null ? null : providers.stream().map(Enum::name).collect(Collectors.joining(" ")),
                "data-grants", grants == null ? null : grants.stream().map(Enum::name).collect(Collectors.joining(" ")));
    }

    private static <E extends Enum<E>> void select(Html h, FormFields f, String name, String chosen, String none, E[] values,
                                                   java.util.function.Function<E, String> label) {
        h.open("select", "id", name, "name", name, "aria-describedby", f.describedBy(name), "aria-invalid", f.invalid(name));
        h.el("option", none, "value", "", "selected", Html.flag(chosen == null || chosen.isEmpty(), "selected"));
        for (E value : values) {
            h.el("option", label.apply(value), "value", value.name(), "selected", Html.flag(value.name().equals(chosen), "selected"));
        }
        h.close("select");
    }
}
