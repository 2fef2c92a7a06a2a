package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Provider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.storerelay.domain.model.OAuth2Settings.AUTHORIZATION_ENDPOINT;
import static dev.storerelay.domain.model.OAuth2Settings.CLIENT_SECRET;
import static dev.storerelay.domain.model.OAuth2Settings.REFRESH_TOKEN;
import static dev.storerelay.domain.model.OAuth2Settings.SCOPE;
import static dev.storerelay.domain.model.OAuth2Settings.SERVICE_ACCOUNT_JSON;
import static dev.storerelay.domain.model.OAuth2Settings.TENANT_ID;
import static dev.storerelay.domain.model.OAuth2Settings.TOKEN_ENDPOINT;

/**
 * The OAuth 2.0 part of the SMTP Server form (README, *Microsoft 365, Google Workspace and other OAuth 2.0 providers*, {@code smtpOAuth2Fields.jte}), each field with what it is for and which provider and grant
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

    /** A field's block, marked with the providers and grants it applies to when it does not apply to all. */
    static FormFields.Field field(FormFields f, String name, String label, String help, String source) {
        Set<OAuth2Provider> providers = PROVIDERS.get(name);
        Set<OAuth2Grant> grants = GRANTS.get(name);
        return f.field(name, label, help, source,
                providers == null ? null : providers.stream().map(Enum::name).collect(Collectors.joining(" ")),
                grants == null ? null : grants.stream().map(Enum::name).collect(Collectors.joining(" ")));
    }

    static List<FormFields.Choice> providerChoices(String chosen) {
        return choices(chosen, "Choose the provider", OAuth2Provider.values(), OAuth2SettingsHelp.PROVIDER_NAMES::get);
    }

    static List<FormFields.Choice> grantChoices(String chosen) {
        return choices(chosen, "Choose the grant", OAuth2Grant.values(), OAuth2SettingsHelp.GRANT_NAMES::get);
    }

    /** Each grant's name ({@code label}) and what it is ({@code value}), for the list under the choice. */
    static List<FormFields.Choice> grantSentences() {
        return Arrays.stream(OAuth2Grant.values()).map(grant -> new FormFields.Choice(
                OAuth2SettingsHelp.GRANT_SENTENCES.get(grant), OAuth2SettingsHelp.GRANT_NAMES.get(grant), false, null))
                .toList();
    }

    private static <E extends Enum<E>> List<FormFields.Choice> choices(String chosen, String none, E[] values,
                                                                     Function<E, String> label) {
        List<FormFields.Choice> choices = new ArrayList<>();
        choices.add(new FormFields.Choice("", none, chosen == null || chosen.isEmpty(), null));
        for (E value : values) {
            choices.add(new FormFields.Choice(value.name(), label.apply(value), value.name().equals(chosen), null));
        }
        return choices;
    }
}
