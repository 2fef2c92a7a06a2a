package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Provider;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SmtpSettingsForm.OAuth2Form;
import dev.storerelay.domain.model.Texts;
import dev.storerelay.domain.model.Violation;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The OAuth 2.0 fields of the SMTP Server form turned into {@link OAuth2Settings}, every problem named by its field. */
final class OAuth2Fields {
    private OAuth2Fields() {
    }

    /**
     * The settings, or {@code null} with the problems added to {@code violations}.
     *
     * @param stored the unit's OAuth 2.0 settings now, whose secrets the form may keep; {@code null} if none
     */
    static OAuth2Settings validate(OAuth2Form form, OAuth2Settings stored, List<Violation> violations) {
        int before = violations.size();
        OAuth2Provider provider = choice(form.provider(), OAuth2Provider.class, OAuth2Settings.PROVIDER, violations);
        OAuth2Grant grant = choice(form.grant(), OAuth2Grant.class, OAuth2Settings.GRANT, violations);
        Secret clientSecret = form.clientSecret().applyTo(storedSecret(stored, OAuth2Settings::clientSecret));
        Secret privateKey = form.privateKeyPem().applyTo(storedSecret(stored, OAuth2Settings::privateKeyPem));
        Secret serviceAccount = form.serviceAccountJson().applyTo(storedSecret(stored, OAuth2Settings::serviceAccountJson));
        Secret refreshToken = form.refreshToken().applyTo(storedSecret(stored, OAuth2Settings::refreshToken));
        List<Violation> problems = OAuth2Settings.check(provider, grant, trimmed(form.tenantId()), trimmed(form.clientId()),
                clientSecret, privateKey, trimmed(form.certificatePem()), serviceAccount, trimmed(form.tokenEndpoint()),
                trimmed(form.authorizationEndpoint()), trimmed(form.scope()), refreshToken);
        // A choice that was given but not understood is reported once, as such, not again as missing.
        problems.stream().filter(p -> violations.stream().noneMatch(v -> v.field().equals(p.field()))).forEach(violations::add);
        if (violations.size() > before) {
            return null;
        }
        return new OAuth2Settings(provider, grant, trimmed(form.tenantId()), trimmed(form.clientId()), clientSecret,
                privateKey, trimmed(form.certificatePem()), serviceAccount, trimmed(form.tokenEndpoint()),
                trimmed(form.authorizationEndpoint()), trimmed(form.scope()), refreshToken);
    }

    private static Secret storedSecret(OAuth2Settings stored, Function<OAuth2Settings, Secret> secret) {
        return stored == null ? null : secret.apply(stored);
    }

    private static <E extends Enum<E>> E choice(String text, Class<E> type, String field, List<Violation> violations) {
        String value = trimmed(text);
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(field, "Choose one of " + String.join(", ",
                    Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()) + "."));
            return null;
        }
    }

    private static String trimmed(String text) {
        return Texts.isBlank(text) ? null : text.strip();
    }
}
