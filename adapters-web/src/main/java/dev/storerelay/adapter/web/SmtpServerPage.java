package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerTrust;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitSettings;
import dev.storerelay.domain.policy.TlsPolicy;
import gg.jte.Content;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SMTP Server screen of one unit: the six fields of the seed in its order and words, then what the seed's screen
 * predates (the authentication method with the OAuth 2.0 settings, and the unit's own trust in server certificates),
 * where each value comes from, and save. Laid out by {@code smtpServerForm.jte}.
 */
final class SmtpServerPage {
    static final String CLEAR_PASSWORD = "clearPassword";

    private SmtpServerPage() {
    }

    /** The form's text as entered (or as stored); secrets are never part of it. */
    record Values(String serverAddress, String port, String login, String secureSocketOptions,
                  String outgoingEmailAddress, String authentication, OAuth2Values oauth2, String pinnedSha256,
                  String caCertificatesPem) {

        /** A unit's own stored settings as the form shows them; empty fields where it inherits. */
        static Values of(UnitSettings own) {
            String sender = own.ownOutgoingEmailAddress().map(EmailAddress::value).orElse("");
            return own.ownConnection().map(c -> new Values(c.serverAddress().value(),
                            c.explicitPort().map(p -> Integer.toString(p.value())).orElse(""), c.login(),
                            c.secureSocketOptions().name(), sender, c.authentication().name(), OAuth2Values.of(c.oauth2()),
                            String.join("\n", c.trust().pinnedSha256().stream().map(ServerTrust::display).toList()),
                            Objects.requireNonNullElse(c.trust().caCertificatesPem(), "")))
                    .orElseGet(() -> new Values("", "", "", "", sender, "", OAuth2Values.NONE, "", ""));
        }

        Values withSecureSocketOptions(String options) {
            return new Values(serverAddress, port, login, options, outgoingEmailAddress, authentication, oauth2,
                    pinnedSha256, caCertificatesPem);
        }
    }

    /**
     * What a unit without a connection block of its own has in effect, shown in the fields it leaves empty: as
     * placeholders, and as the selected first option of each choice (never a value that is not in effect).
     *
     * @param from           the unit the connection is inherited from; {@code null} when no unit above defines one
     * @param port           the port in effect, the encryption's default when none is set
     * @param options        {@code null} when nothing is inherited
     * @param authentication {@code PASSWORD} or {@code OAUTH2}; {@code null} when nothing is inherited
     */
    record Inherited(String from, String serverAddress, int port, String login, SecureSocketOptions options,
                     String authentication) {
        static final Inherited NOTHING = new Inherited(null, null, TlsPolicy.defaultPort(SecureSocketOptions.DEFAULT),
                null, null, null);

        /** The first option of a choice: the inherited value and where it is from, or that nothing is set. */
        String option(String valueName) {
            return from == null ? "Not set (nothing to inherit)" : "Inherited: " + valueName + " (from " + from + ")";
        }
    }

    /** The OAuth 2.0 fields' text as entered (or as stored), without the secrets. */
    record OAuth2Values(String provider, String grant, String tenantId, String clientId, String certificatePem,
                        String tokenEndpoint, String authorizationEndpoint, String scope) {
        static final OAuth2Values NONE = new OAuth2Values("", "", "", "", "", "", "", "");

        static OAuth2Values of(OAuth2Settings o) {
            if (o == null) {
                return NONE;
            }
            return new OAuth2Values(o.provider().name(), o.grant().name(), text(o.tenantId()), o.clientId(),
                    text(o.certificatePem()), text(o.tokenEndpoint()), text(o.authorizationEndpoint()), text(o.scope()));
        }

        private static String text(String value) {
            return value == null ? "" : value;
        }
    }

    /** Which write-only secrets the unit has stored: only this is ever shown of them. */
    record SecretsSet(boolean password, boolean clientSecret, boolean privateKey, boolean serviceAccount,
                      boolean refreshToken) {
        static final SecretsSet NONE = new SecretsSet(false, false, false, false, false);

        static SecretsSet of(UnitSettings own) {
            SmtpConnection c = own.connection();
            if (c == null) {
                return NONE;
            }
            OAuth2Settings o = c.oauth2();
            return new SecretsSet(c.password() != null, o != null && o.clientSecret() != null,
                    o != null && o.privateKeyPem() != null, o != null && o.serviceAccountJson() != null,
                    o != null && o.refreshToken() != null);
        }
    }

    /**
     * Everything the form shows besides the values.
     *
     * @param signIn      what the Refresh token field offers: a link to sign in, or a note why not here
     * @param redirectUri the admin page's callback as this browser reaches it, to register at the provider
     * @param inherited   what the unit has in effect without a connection block of its own; {@code null} when it has one
     * @param systemDefaultSender the operator's {@code STORE_RELAY_DEFAULT_SENDER}, named in the sender's help
     */
    record Context(OrgUnit unit, AdminSessions.Session session, Values values, SecretsSet secrets,
                   Map<String, String> errors, SettingsSources sources, String defaultSender,
                   OAuth2FieldsView.SignInOffer signIn, String redirectUri, Inherited inherited,
                   String systemDefaultSender) {
    }

    /**
     * The page around the form ({@code smtpServer.jte}); {@code testResult} is empty when no test ran, and
     * {@code localhostSenderWarning} {@code null} unless the sender is at localhost.
     */
    record Page(String unit, boolean canSetup, String notice, boolean noticeIsError, Content tree, Content testResult,
                Content providerWarning, String localhostSenderWarning, Content form, Content effective,
                Content test) {
    }

    /** The form ({@code smtpServerForm.jte}). */
    static Content form(Context c) {
        return Templates.content("smtpServerForm.jte", Templates.params("c", c));
    }

    /** The port in effect when the field is empty: the inherited one, else the chosen encryption's default. */
    static String portPlaceholder(Context c) {
        String options = c.values().secureSocketOptions();
        boolean optionsInherited = c.inherited() != null && isBlank(options);
        return Integer.toString(optionsInherited ? c.inherited().port() : TlsPolicy.defaultPort(option(options)));
    }

    /** The encryption choices; the script reads each {@code data-default-port} to keep the port placeholder in step. */
    static List<FormFields.Choice> optionChoices(String chosen, Inherited inherited) {
        List<FormFields.Choice> choices = new ArrayList<>();
        if (inherited != null) {
            // Empty: not set on this unit. Showing "None" here would claim no encryption where another is in effect.
            choices.add(new FormFields.Choice("", inherited.option(inherited.options() == null ? null
                    : SmtpSettingsHelp.OPTION_NAMES.get(inherited.options())), isBlank(chosen),
                    Integer.toString(inherited.port())));
        }
        for (SecureSocketOptions option : SecureSocketOptions.values()) {
            choices.add(new FormFields.Choice(option.name(), SmtpSettingsHelp.OPTION_NAMES.get(option),
                    option.name().equals(chosen), Integer.toString(TlsPolicy.defaultPort(option))));
        }
        return choices;
    }

    /** Each encryption's name ({@code label}) and what it does ({@code value}), for the list under the choice. */
    static List<FormFields.Choice> optionSentences() {
        return Arrays.stream(SecureSocketOptions.values()).map(option -> new FormFields.Choice(
                SmtpSettingsHelp.OPTION_SENTENCES.get(option), SmtpSettingsHelp.OPTION_NAMES.get(option), false, null))
                .toList();
    }

    /** Password (the default) or OAuth 2.0; the script shows the OAuth 2.0 fields only for the latter. */
    static List<FormFields.Choice> authenticationChoices(String chosen, Inherited inherited) {
        List<FormFields.Choice> choices = new ArrayList<>();
        if (inherited != null) {
            choices.add(new FormFields.Choice("", inherited.option(inherited.authentication() == null ? null
                    : OAuth2SettingsHelp.AUTHENTICATION_NAMES.get(inherited.authentication())), isBlank(chosen), null));
        }
        for (String method : List.of("PASSWORD", "OAUTH2")) {
            choices.add(new FormFields.Choice(method, OAuth2SettingsHelp.AUTHENTICATION_NAMES.get(method),
                    method.equals(chosen), null));
        }
        return choices;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    /** The chosen option, the default for anything else (an invalid choice gets its error from the domain). */
    static SecureSocketOptions option(String text) {
        for (SecureSocketOptions option : SecureSocketOptions.values()) {
            if (option.name().equals(text)) {
                return option;
            }
        }
        return SecureSocketOptions.DEFAULT;
    }
}
