package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.AuthenticationMethod;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.ServerTrust;
import dev.storerelay.domain.model.PasswordChange;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.SmtpSettingsForm;
import dev.storerelay.domain.model.Texts;
import dev.storerelay.domain.model.UnitSettings;
import dev.storerelay.domain.model.Validated;
import dev.storerelay.domain.model.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.storerelay.domain.model.SmtpSettingsForm.AUTHENTICATION;
import static dev.storerelay.domain.model.SmtpSettingsForm.LOGIN;
import static dev.storerelay.domain.model.SmtpSettingsForm.OAUTH2;
import static dev.storerelay.domain.model.SmtpSettingsForm.OUTGOING_EMAIL_ADDRESS;
import static dev.storerelay.domain.model.SmtpSettingsForm.PASSWORD;
import static dev.storerelay.domain.model.SmtpSettingsForm.PORT;
import static dev.storerelay.domain.model.SmtpSettingsForm.SECURE_SOCKET_OPTIONS;
import static dev.storerelay.domain.model.SmtpSettingsForm.SERVER_ADDRESS;

/**
 * Turns the SMTP Server form into a unit's own settings, reporting every field error at once. Write-only secrets the
 * form leaves alone are kept from the unit's stored connection block.
 */
public final class SettingsValidator {
    public static final int MAX_LOGIN_LENGTH = 255;
    public static final int MAX_PASSWORD_LENGTH = 1024;
    /**
     * Why a form that leaves out the login, and leaves the password alone, is refused while a password is stored: the
     * password belongs to the login and would silently go with it. Adapters may say how to clear it in their words.
     */
    public static final String STORED_PASSWORD_WITHOUT_LOGIN = "A password is stored for this unit's login, and "
            + "without the login it would be dropped: to remove both, clear the password as well.";

    private SettingsValidator() {
    }

    /**
     * @param stored the unit's own connection block now, {@code null} if none: the form may keep, clear or replace
     *               each of its secrets
     */
    public static Validated<UnitSettings> validate(SmtpSettingsForm form, SmtpConnection stored) {
        List<Violation> violations = new ArrayList<>();
        Secret storedPassword = stored == null ? null : stored.password();
        AuthenticationMethod method = AuthenticationMethod.DEFAULT;
        String methodText = trimmed(form.authentication());
        if (methodText != null) {
            try {
                method = AuthenticationMethod.valueOf(methodText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                violations.add(new Violation(AUTHENTICATION, "Choose PASSWORD or OAUTH2."));
                method = null;                      // neither method's rules apply to the login and password then
            }
        }
        boolean oauth2 = method == AuthenticationMethod.OAUTH2;
        boolean passwordMethod = method == AuthenticationMethod.PASSWORD;

        ServerAddress address = null;
        String addressText = trimmed(form.serverAddress());
        if (addressText != null) {
            if (ServerAddress.isValid(addressText)) {
                address = new ServerAddress(addressText);
            } else {
                violations.add(new Violation(SERVER_ADDRESS, "Enter a host name (mail.example.com) or an IP address."));
            }
        }

        Port port = null;
        String portText = trimmed(form.port());
        if (portText != null) {
            port = parsePort(portText);
            if (port == null) {
                violations.add(new Violation(PORT, "Enter a port number from " + Port.MIN + " to " + Port.MAX + ", or leave it empty."));
            }
        }

        String login = Texts.isBlank(form.login()) ? null : form.login();
        if (login != null && (login.length() > MAX_LOGIN_LENGTH || Texts.hasLineBreakOrNul(login))) {
            violations.add(new Violation(LOGIN, "The login must be one line of at most " + MAX_LOGIN_LENGTH + " characters."));
            login = null;
        }

        boolean loginGiven = login != null || !Texts.isBlank(form.login());
        // A form without a login that leaves the password alone keeps no password; with one stored, that would drop
        // a secret nobody asked to remove (a PUT that merely left the login out), so it is refused below unless the
        // password is cleared explicitly. OAuth 2.0 drops a stored password: it has no use for one.
        Secret password = oauth2 || !loginGiven && form.password() instanceof PasswordChange.Keep
                ? null
                : form.password().applyTo(storedPassword);
        if (passwordMethod && !loginGiven && storedPassword != null && form.password() instanceof PasswordChange.Keep) {
            violations.add(new Violation(PASSWORD, STORED_PASSWORD_WITHOUT_LOGIN));
        }
        if (oauth2 && form.password() instanceof PasswordChange.Replace) {
            violations.add(new Violation(PASSWORD, "The password is not used with OAuth 2.0: leave it empty."));
        }
        if (password != null && (password.reveal().length() > MAX_PASSWORD_LENGTH || Texts.hasLineBreakOrNul(password.reveal()))) {
            violations.add(new Violation(PASSWORD, "The password must be one line of at most " + MAX_PASSWORD_LENGTH + " characters."));
        }

        SecureSocketOptions options = SecureSocketOptions.DEFAULT;
        String optionsText = trimmed(form.secureSocketOptions());
        if (optionsText != null) {
            try {
                options = SecureSocketOptions.valueOf(optionsText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                violations.add(new Violation(SECURE_SOCKET_OPTIONS, "Choose one of NONE, AUTO, SSL_ON_CONNECT, START_TLS, START_TLS_WHEN_AVAILABLE."));
            }
        }

        if (passwordMethod && loginGiven && password == null) {
            violations.add(new Violation(PASSWORD, "A login needs a password."));
        }
        if (passwordMethod && !loginGiven && password != null) {
            violations.add(new Violation(LOGIN, "A password needs a login."));
        }
        if (oauth2 && !loginGiven) {
            violations.add(new Violation(LOGIN, "With OAuth 2.0 the login is the mailbox to send as, e.g. store12@contoso.com."));
        }

        OAuth2Settings oauth2Settings = null;
        if (oauth2 && form.oauth2() == null) {
            violations.add(new Violation(OAUTH2, "Give the OAuth 2.0 settings: provider, grant, client id and the client credential."));
        } else if (oauth2) {
            oauth2Settings = OAuth2Fields.validate(form.oauth2(), stored == null ? null : stored.oauth2(), violations);
        } else if (passwordMethod && form.oauth2() != null) {
            violations.add(new Violation(OAUTH2, "OAuth 2.0 settings are only used with authentication OAUTH2."));
        }

        ServerTrust trust = ServerTrust.DEFAULT;
        if (form.trust() != null) {
            Validated<ServerTrust> parsed = ServerTrust.parse(form.trust().pinnedSha256(), form.trust().caCertificatesPem());
            if (parsed instanceof Validated.Invalid<ServerTrust> invalid) {
                violations.addAll(invalid.violations());
            } else {
                trust = ((Validated.Valid<ServerTrust>) parsed).value();
            }
        }

        // Choosing NONE alone sets nothing: it is the default every form submits.
        boolean connectionFieldSet = portText != null || loginGiven || password != null || oauth2 || !trust.isDefault()
                || (optionsText != null && options != SecureSocketOptions.DEFAULT);
        if (addressText == null && connectionFieldSet) {
            violations.add(new Violation(SERVER_ADDRESS, "The SMTP server address is required when any other connection field is set."));
        }

        EmailAddress sender = null;
        String senderText = trimmed(form.outgoingEmailAddress());
        if (senderText != null) {
            if (EmailAddress.isValid(senderText)) {
                sender = new EmailAddress(senderText);
            } else {
                violations.add(new Violation(OUTGOING_EMAIL_ADDRESS, "Enter one e-mail address such as store12@example.com (no display name)."));
            }
        }

        if (!violations.isEmpty()) {
            return new Validated.Invalid<>(violations);
        }
        SmtpConnection connection = address == null ? null
                : new SmtpConnection(address, port, login, login == null || oauth2 ? null : password, options, oauth2Settings, trust);
        return new Validated.Valid<>(new UnitSettings(connection, sender));
    }

    private static Port parsePort(String text) {
        if (text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        int value = Integer.parseInt(text);
        return value >= Port.MIN && value <= Port.MAX ? new Port(value) : null;
    }

    private static String trimmed(String text) {
        return Texts.isBlank(text) ? null : text.strip();
    }
}
