package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.policy.TlsPolicy;

import java.util.Map;

import static dev.storerelay.domain.model.SmtpSettingsForm.LOGIN;
import static dev.storerelay.domain.model.SmtpSettingsForm.OUTGOING_EMAIL_ADDRESS;
import static dev.storerelay.domain.model.SmtpSettingsForm.PASSWORD;
import static dev.storerelay.domain.model.SmtpSettingsForm.PORT;
import static dev.storerelay.domain.model.SmtpSettingsForm.SECURE_SOCKET_OPTIONS;
import static dev.storerelay.domain.model.SmtpSettingsForm.SERVER_ADDRESS;

/** The SMTP Server screen of one unit: the six fields of the seed, where each value comes from, and save. */
final class SmtpServerPage {
    static final String CLEAR_PASSWORD = "clearPassword";

    private SmtpServerPage() {
    }

    /** The form's text as entered (or as stored); the password is never part of it. */
    record Values(String serverAddress, String port, String login, String secureSocketOptions,
                  String outgoingEmailAddress) {
    }

    /** Everything the form shows besides the values. */
    record Context(OrgUnit unit, AdminSessions.Session session, Values values, boolean passwordSet,
                   Map<String, String> errors, SettingsSources sources, String defaultSender) {
    }

    static Html form(Context c) {
        Html h = new Html();
        String unit = c.unit().id().value();
        boolean canSetup = c.session().user().canSetup();
        h.open("form", "method", "post", "action", AdminLayout.SMTP_SERVER, "class", "settings", "novalidate", "novalidate");
        AdminLayout.csrf(h, c.session()).hidden("unit", unit);
        // A view user gets the same form, every control disabled and no save button (DESIGN §2).
        h.open("fieldset", "disabled", Html.flag(!canSetup, "disabled"))
                .el("legend", "SMTP Server of " + c.unit().name() + " (" + unit + ")");

        field(h, c, SERVER_ADDRESS, SmtpSettingsHelp.SERVER_ADDRESS, SmtpSettingsHelp.SERVER_ADDRESS_HELP,
                c.sources().connection());
        input(h, c, SERVER_ADDRESS, "text", c.values().serverAddress(), null);
        end(h);

        String options = c.values().secureSocketOptions();
        field(h, c, PORT, SmtpSettingsHelp.PORT, SmtpSettingsHelp.PORT_HELP, c.sources().connection());
        input(h, c, PORT, "text", c.values().port(), Integer.toString(TlsPolicy.defaultPort(option(options))));
        end(h);

        field(h, c, LOGIN, SmtpSettingsHelp.LOGIN, SmtpSettingsHelp.LOGIN_HELP, c.sources().connection());
        input(h, c, LOGIN, "text", c.values().login(), null);
        end(h);

        field(h, c, PASSWORD, SmtpSettingsHelp.PASSWORD, SmtpSettingsHelp.PASSWORD_HELP, c.sources().connection());
        h.el("p", "Stored password: " + (c.passwordSet() ? "set" : "not set"), "class", "state", "id", "password-state");
        // Write-only: the input starts empty and stays empty after an error; empty keeps the stored password.
        h.open("input", "id", PASSWORD, "name", PASSWORD, "type", "password", "value", "", "autocomplete", "new-password",
                "aria-describedby", PASSWORD + "-help password-state", "aria-invalid", invalid(c, PASSWORD));
        h.open("p", "class", "check").open("input", "type", "checkbox", "id", CLEAR_PASSWORD, "name", CLEAR_PASSWORD,
                        "value", "yes")
                .el("label", "Clear the password", "for", CLEAR_PASSWORD).close("p");
        end(h);

        field(h, c, SECURE_SOCKET_OPTIONS, SmtpSettingsHelp.SECURE_SOCKET_OPTIONS,
                SmtpSettingsHelp.SECURE_SOCKET_OPTIONS_HELP, c.sources().connection());
        select(h, c, options);
        h.open("ul", "class", "options");
        for (SecureSocketOptions option : SecureSocketOptions.values()) {
            h.open("li").el("strong", SmtpSettingsHelp.OPTION_NAMES.get(option) + ": ")
                    .text(SmtpSettingsHelp.OPTION_SENTENCES.get(option)).close("li");
        }
        h.close("ul");
        end(h);

        field(h, c, OUTGOING_EMAIL_ADDRESS, SmtpSettingsHelp.OUTGOING_EMAIL_ADDRESS,
                SmtpSettingsHelp.OUTGOING_EMAIL_ADDRESS_HELP, c.sources().sender());
        input(h, c, OUTGOING_EMAIL_ADDRESS, "email", c.values().outgoingEmailAddress(), c.defaultSender());
        end(h);

        h.close("fieldset");
        if (canSetup) {
            h.open("p", "class", "actions").el("button", "Save", "type", "submit", "name", "action", "value", "save")
                    .close("p");
        }
        h.close("form");
        if (canSetup) {
            h.open("form", "method", "post", "action", AdminLayout.SMTP_SERVER + "/inherit", "class", "inline");
            AdminLayout.csrf(h, c.session()).hidden("unit", unit);
            h.el("button", "Use inherited settings", "type", "submit").el("span",
                    " Removes this unit's own settings: every field is inherited again.", "class", "hint");
            h.close("form");
        }
        h.open("p").el("a", "Changes to this unit", "href", AdminLayout.AUDIT_LOG + "?unit=" + unit).close("p");
        return h;
    }

    private static void field(Html h, Context c, String name, String label, String help, String source) {
        h.open("div", "class", c.errors().containsKey(name) ? "field has-error" : "field")
                .el("label", label, "for", name)
                .el("p", help, "class", "help", "id", name + "-help")
                .el("p", source, "class", "source", "id", name + "-source");
        if (c.errors().containsKey(name)) {
            h.el("p", c.errors().get(name), "class", "error", "id", name + "-error");
        }
    }

    private static void end(Html h) {
        h.close("div");
    }

    private static void input(Html h, Context c, String name, String type, String value, String placeholder) {
        h.open("input", "id", name, "name", name, "type", type, "value", value, "placeholder", placeholder,
                "aria-describedby", describedBy(c, name), "aria-invalid", invalid(c, name));
    }

    private static void select(Html h, Context c, String chosen) {
        h.open("select", "id", SECURE_SOCKET_OPTIONS, "name", SECURE_SOCKET_OPTIONS,
                "aria-describedby", describedBy(c, SECURE_SOCKET_OPTIONS), "aria-invalid", invalid(c, SECURE_SOCKET_OPTIONS));
        for (SecureSocketOptions option : SecureSocketOptions.values()) {
            // The script reads data-default-port to keep the port placeholder in step with the choice.
            h.el("option", SmtpSettingsHelp.OPTION_NAMES.get(option), "value", option.name(),
                    "data-default-port", Integer.toString(TlsPolicy.defaultPort(option)),
                    "selected", Html.flag(option.name().equals(chosen), "selected"));
        }
        h.close("select");
    }

    private static String describedBy(Context c, String name) {
        return name + "-help " + name + "-source" + (c.errors().containsKey(name) ? " " + name + "-error" : "");
    }

    private static String invalid(Context c, String name) {
        return c.errors().containsKey(name) ? "true" : null;
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
