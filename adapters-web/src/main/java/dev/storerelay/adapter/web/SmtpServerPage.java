package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.policy.TlsPolicy;

import java.util.Map;

import static dev.storerelay.domain.model.SmtpSettingsForm.AUTHENTICATION;
import static dev.storerelay.domain.model.SmtpSettingsForm.LOGIN;
import static dev.storerelay.domain.model.SmtpSettingsForm.OUTGOING_EMAIL_ADDRESS;
import static dev.storerelay.domain.model.SmtpSettingsForm.PASSWORD;
import static dev.storerelay.domain.model.SmtpSettingsForm.PORT;
import static dev.storerelay.domain.model.SmtpSettingsForm.SECURE_SOCKET_OPTIONS;
import static dev.storerelay.domain.model.SmtpSettingsForm.SERVER_ADDRESS;

/**
 * The SMTP Server screen of one unit: the six fields of the seed in its order and words, then what the seed's screen
 * predates (the authentication method with the OAuth 2.0 settings, and the unit's own trust in server certificates),
 * where each value comes from, and save.
 */
final class SmtpServerPage {
    static final String CLEAR_PASSWORD = "clearPassword";

    private SmtpServerPage() {
    }

    /** The form's text as entered (or as stored); secrets are never part of it. */
    record Values(String serverAddress, String port, String login, String secureSocketOptions,
                  String outgoingEmailAddress, String authentication, OAuth2Values oauth2, String pinnedSha256,
                  String caCertificatesPem) {

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
    }

    /** Which write-only secrets the unit has stored: only this is ever shown of them. */
    record SecretsSet(boolean password, boolean clientSecret, boolean privateKey, boolean serviceAccount,
                      boolean refreshToken) {
        static final SecretsSet NONE = new SecretsSet(false, false, false, false, false);
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

    static Html form(Context c) {
        Html h = new Html();
        FormFields f = new FormFields(c.errors());
        String unit = c.unit().id().value();
        boolean canSetup = c.session().user().canSetup();
        String connection = c.sources().connection();
        h.open("form", "method", "post", "action", AdminLayout.SMTP_SERVER, "class", "settings", "novalidate", "novalidate");
        AdminLayout.csrf(h, c.session()).hidden("unit", unit);
        // A view user gets the same form, every control disabled and no save button (DESIGN §2).
        h.open("fieldset", "disabled", Html.flag(!canSetup, "disabled"))
                .el("legend", "SMTP Server of " + c.unit().name() + " (" + unit + ")");

        Inherited inherited = c.inherited();
        f.open(h, SERVER_ADDRESS, SmtpSettingsHelp.SERVER_ADDRESS, SmtpSettingsHelp.SERVER_ADDRESS_HELP, connection);
        f.input(h, SERVER_ADDRESS, "text", c.values().serverAddress(), inherited == null ? null : inherited.serverAddress());
        FormFields.end(h);

        String options = c.values().secureSocketOptions();
        boolean optionsInherited = inherited != null && isBlank(options);
        f.open(h, PORT, SmtpSettingsHelp.PORT, SmtpSettingsHelp.PORT_HELP, connection);
        f.input(h, PORT, "text", c.values().port(), Integer.toString(optionsInherited ? inherited.port()
                : TlsPolicy.defaultPort(option(options))));
        FormFields.end(h);

        f.open(h, LOGIN, SmtpSettingsHelp.LOGIN, SmtpSettingsHelp.LOGIN_HELP, connection);
        f.input(h, LOGIN, "text", c.values().login(), inherited == null ? null : inherited.login());
        FormFields.end(h);

        f.open(h, PASSWORD, SmtpSettingsHelp.PASSWORD, SmtpSettingsHelp.PASSWORD_HELP, connection);
        h.el("p", "Stored password: " + (c.secrets().password() ? "set" : "not set"), "class", "state", "id", "password-state");
        // Write-only: the input starts empty and stays empty after an error; empty keeps the stored password.
        h.open("input", "id", PASSWORD, "name", PASSWORD, "type", "password", "value", "", "autocomplete", "new-password",
                "aria-describedby", PASSWORD + "-help password-state", "aria-invalid", f.invalid(PASSWORD));
        h.open("p", "class", "check").open("input", "type", "checkbox", "id", CLEAR_PASSWORD, "name", CLEAR_PASSWORD,
                        "value", "yes")
                .el("label", "Clear the password", "for", CLEAR_PASSWORD).close("p");
        FormFields.end(h);

        f.open(h, SECURE_SOCKET_OPTIONS, SmtpSettingsHelp.SECURE_SOCKET_OPTIONS,
                SmtpSettingsHelp.SECURE_SOCKET_OPTIONS_HELP, connection);
        select(h, f, options, inherited);
        h.open("ul", "class", "options");
        for (SecureSocketOptions option : SecureSocketOptions.values()) {
            h.open("li").el("strong", SmtpSettingsHelp.OPTION_NAMES.get(option) + ": ")
                    .text(SmtpSettingsHelp.OPTION_SENTENCES.get(option)).close("li");
        }
        h.close("ul");
        FormFields.end(h);

        f.open(h, OUTGOING_EMAIL_ADDRESS, SmtpSettingsHelp.OUTGOING_EMAIL_ADDRESS,
                SmtpSettingsHelp.outgoingEmailAddressHelp(c.systemDefaultSender()), c.sources().sender());
        f.input(h, OUTGOING_EMAIL_ADDRESS, "email", c.values().outgoingEmailAddress(), c.defaultSender());
        FormFields.end(h);

        // What the seed's screen predates: all of it belongs to the connection block and is inherited with it.
        f.open(h, AUTHENTICATION, OAuth2SettingsHelp.AUTHENTICATION, OAuth2SettingsHelp.AUTHENTICATION_HELP, connection);
        authentication(h, f, c.values().authentication(), inherited);
        FormFields.end(h);
        h.append(OAuth2FieldsView.fields(c, f));
        h.append(TrustFieldsView.fields(c, f));

        h.close("fieldset");
        if (canSetup) {
            h.open("p", "class", "actions").el("button", "Save", "type", "submit", "name", "action", "value", "save")
                    .close("p");
        }
        h.close("form");
        if (canSetup) {
            h.open("form", "method", "post", "action", AdminLayout.SMTP_SERVER + "/inherit", "class", "inline");
            AdminLayout.csrf(h, c.session()).hidden("unit", unit);
            AdminLayout.dangerButton(h, "Use inherited settings", "Remove every setting of " + c.unit().name() + " ("
                    + unit + "), its stored password and secrets too, so that it inherits everything again?").el("span",
                    " Removes this unit's own settings: every field is inherited again.", "class", "hint");
            h.close("form");
        }
        h.open("p").el("a", "Changes to this unit", "href", AdminLayout.AUDIT_LOG + "?unit=" + unit).close("p");
        return h;
    }

    private static void select(Html h, FormFields f, String chosen, Inherited inherited) {
        h.open("select", "id", SECURE_SOCKET_OPTIONS, "name", SECURE_SOCKET_OPTIONS,
                "aria-describedby", f.describedBy(SECURE_SOCKET_OPTIONS), "aria-invalid", f.invalid(SECURE_SOCKET_OPTIONS));
        if (inherited != null) {
            // Empty: not set on this unit. Showing "None" here would claim no encryption where another is in effect.
            h.el("option", inherited.option(inherited.options() == null ? null
                            : SmtpSettingsHelp.OPTION_NAMES.get(inherited.options())), "value", "",
                    "data-default-port", Integer.toString(inherited.port()),
                    "selected", Html.flag(isBlank(chosen), "selected"));
        }
        for (SecureSocketOptions option : SecureSocketOptions.values()) {
            // The script reads data-default-port to keep the port placeholder in step with the choice.
            h.el("option", SmtpSettingsHelp.OPTION_NAMES.get(option), "value", option.name(),
                    "data-default-port", Integer.toString(TlsPolicy.defaultPort(option)),
                    "selected", Html.flag(option.name().equals(chosen), "selected"));
        }
        h.close("select");
    }

    /** Password (the default) or OAuth 2.0; the script shows the OAuth 2.0 fields only for the latter. */
    private static void authentication(Html h, FormFields f, String chosen, Inherited inherited) {
        h.open("select", "id", AUTHENTICATION, "name", AUTHENTICATION,
                "aria-describedby", f.describedBy(AUTHENTICATION), "aria-invalid", f.invalid(AUTHENTICATION));
        if (inherited != null) {
            h.el("option", inherited.option(inherited.authentication() == null ? null
                            : OAuth2SettingsHelp.AUTHENTICATION_NAMES.get(inherited.authentication())), "value", "",
                    "selected", Html.flag(isBlank(chosen), "selected"));
        }
        for (String method : new String[] {"PASSWORD", "OAUTH2"}) {
            h.el("option", OAuth2SettingsHelp.AUTHENTICATION_NAMES.get(method), "value", method,
                    "selected", Html.flag(method.equals(chosen), "selected"));
        }
        h.close("select");
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
