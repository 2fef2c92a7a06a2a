package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.SecureSocketOptions;

import java.util.Map;

/**
 * The labels and help texts of the SMTP Server screen, word for word from the original settings screen
 * ({@code seed/smtp-server-settings.txt}) with the product name replaced by store-relay, so an admin who knows
 * the old screen recognises every field.
 */
final class SmtpSettingsHelp {
    static final String INTRO = "The SMTP server is used for all email sending from the system — for example order "
            + "confirmations, customer messages, signature invitations and payment links. On this screen you specify "
            + "which mail server store-relay should send through, as well as any login and encryption. Without a "
            + "filled-in SMTP server, store-relay cannot send emails.";
    static final String PER_UNIT = "The settings can be set per store (organizational unit) if different stores need "
            + "to send from different senders or servers.";
    static final String PERMISSION = "Changing these settings requires the necessary setup permissions. If you do not "
            + "have access, contact your administrator.";

    static final String SERVER_ADDRESS = "SMTP Server Address";
    static final String PORT = "Port Number";
    static final String LOGIN = "SMTP Server Login";
    static final String PASSWORD = "SMTP Server Password";
    static final String SECURE_SOCKET_OPTIONS = "Secure Socket Options";
    static final String OUTGOING_EMAIL_ADDRESS = "Outgoing Email address";

    static final String SERVER_ADDRESS_HELP = "The address (IP or domain) of the SMTP server to be used for sending "
            + "emails. The field is mandatory — if it is empty, store-relay cannot send emails. By default the field is empty.";
    static final String PORT_HELP = "Port number for the SMTP server. Typically 25, 465 or 587 depending on the "
            + "selected encryption method. By default the field is empty.";
    static final String LOGIN_HELP = "Username for the SMTP account store-relay should log in with. Can be left empty "
            + "if the mail server does not require authentication. By default the field is empty.";
    static final String PASSWORD_HELP = "The password for the SMTP user. Can be left empty if the mail server does not "
            + "require authentication. By default the field is empty.";
    static final String SECURE_SOCKET_OPTIONS_HELP = "Selects the encryption method for the connection to the SMTP "
            + "server. The default value is None. The possible values are:";
    /**
     * The seed's help for the outgoing address, naming the default sender this relay's operator configured (the seed
     * names its vendor's, which means nothing here).
     */
    static String outgoingEmailAddressHelp(String systemDefaultSender) {
        return "The email address used as the sender on outgoing emails from store-relay. If the field is not filled in "
                + "here or on a unit above, the system default sender " + systemDefaultSender + " is used (set by the "
                + "operator in STORE_RELAY_DEFAULT_SENDER). It is recommended to specify the store's own address here, "
                + "so recipients see the correct sender. By default the field is empty.";
    }

    /** Shown when a unit's mail would leave with a sender at {@code localhost}, such as the built-in default. */
    static String localhostSenderWarning(String sender) {
        return "Mail of this unit would be sent as " + sender + ", which no recipient's server can answer and most "
                + "refuse or file as spam. Enter the store's own Outgoing Email address here or on a unit above, or "
                + "have the operator set STORE_RELAY_DEFAULT_SENDER to a real address.";
    }

    /** The option names shown in the select, in the seed's order. */
    static final Map<SecureSocketOptions, String> OPTION_NAMES = Map.of(
            SecureSocketOptions.NONE, "None",
            SecureSocketOptions.AUTO, "Auto",
            SecureSocketOptions.SSL_ON_CONNECT, "SSL on connect",
            SecureSocketOptions.START_TLS, "StartTLS",
            SecureSocketOptions.START_TLS_WHEN_AVAILABLE, "StartTLS when available");

    /** The seed's sentence for each option. */
    static final Map<SecureSocketOptions, String> OPTION_SENTENCES = Map.of(
            SecureSocketOptions.NONE, "No encryption is used. This is the default value.",
            SecureSocketOptions.AUTO, "The most suitable encryption method is selected automatically based on port and server.",
            SecureSocketOptions.SSL_ON_CONNECT, "The connection is SSL/TLS encrypted from the start. Typically used with port 465.",
            SecureSocketOptions.START_TLS, "The connection is first established unencrypted and then upgraded to TLS. "
                    + "Typically used with port 587. The connection fails if the server does not support TLS.",
            SecureSocketOptions.START_TLS_WHEN_AVAILABLE, "TLS is used if the server supports it — otherwise the "
                    + "connection continues unencrypted.");

    private SmtpSettingsHelp() {
    }
}
