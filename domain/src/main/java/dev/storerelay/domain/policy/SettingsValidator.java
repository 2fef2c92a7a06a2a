package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.EmailAddress;
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

import static dev.storerelay.domain.model.SmtpSettingsForm.LOGIN;
import static dev.storerelay.domain.model.SmtpSettingsForm.OUTGOING_EMAIL_ADDRESS;
import static dev.storerelay.domain.model.SmtpSettingsForm.PASSWORD;
import static dev.storerelay.domain.model.SmtpSettingsForm.PORT;
import static dev.storerelay.domain.model.SmtpSettingsForm.SECURE_SOCKET_OPTIONS;
import static dev.storerelay.domain.model.SmtpSettingsForm.SERVER_ADDRESS;

/** Turns the SMTP Server form into a unit's own settings, reporting every field error at once. */
public final class SettingsValidator {
    public static final int MAX_LOGIN_LENGTH = 255;
    public static final int MAX_PASSWORD_LENGTH = 1024;

    private SettingsValidator() {
    }

    /**
     * @param storedPassword the unit's password now, {@code null} if none; the form may keep, clear or replace it
     */
    public static Validated<UnitSettings> validate(SmtpSettingsForm form, Secret storedPassword) {
        List<Violation> violations = new ArrayList<>();

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
        // Removing the login while leaving the password field alone removes authentication: a kept password
        // without a login would otherwise make the form impossible to save.
        Secret password = !loginGiven && form.password() instanceof PasswordChange.Keep
                ? null
                : form.password().applyTo(storedPassword);
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

        if (loginGiven && password == null) {
            violations.add(new Violation(PASSWORD, "A login needs a password."));
        }
        if (!loginGiven && password != null) {
            violations.add(new Violation(LOGIN, "A password needs a login."));
        }

        // Choosing NONE alone sets nothing: it is the default every form submits.
        boolean connectionFieldSet = portText != null || loginGiven || password != null
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
        SmtpConnection connection = address == null ? null : new SmtpConnection(address, port, login, login == null ? null : password, options);
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
