package dev.storerelay.domain.model;

import java.util.Objects;

/**
 * The six fields of the SMTP Server screen as entered, before validation. {@code null} or blank means "not set
 * on this unit". The port stays text so that "abc" gets a field error rather than a parse exception.
 */
public record SmtpSettingsForm(String serverAddress, String port, String login, PasswordChange password,
                               String secureSocketOptions, String outgoingEmailAddress) {
    public static final String SERVER_ADDRESS = "serverAddress";
    public static final String PORT = "port";
    public static final String LOGIN = "login";
    public static final String PASSWORD = "password";
    public static final String SECURE_SOCKET_OPTIONS = "secureSocketOptions";
    public static final String OUTGOING_EMAIL_ADDRESS = "outgoingEmailAddress";

    public SmtpSettingsForm {
        Objects.requireNonNull(password, "password");
    }
}
