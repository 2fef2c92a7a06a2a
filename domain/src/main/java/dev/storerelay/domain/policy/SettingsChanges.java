package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which of a unit's six own settings a change touched, field by field in the seed's words, for the audit trail. A
 * password is reported as set, changed or cleared, never with its value.
 */
public final class SettingsChanges {
    public static final String SERVER_ADDRESS = "SMTP Server Address";
    public static final String PORT = "Port Number";
    public static final String LOGIN = "SMTP Server Login";
    public static final String PASSWORD = "SMTP Server Password";
    public static final String SECURE_SOCKET_OPTIONS = "Secure Socket Options";
    public static final String OUTGOING_EMAIL_ADDRESS = "Outgoing Email address";

    /** One field that changed, and how. */
    public record FieldChange(String field, String change) {
    }

    private SettingsChanges() {
    }

    public static List<FieldChange> between(UnitSettings before, UnitSettings after) {
        List<FieldChange> changes = new ArrayList<>();
        SmtpConnection was = before.connection();
        SmtpConnection is = after.connection();
        compare(changes, SERVER_ADDRESS, text(was, c -> c.serverAddress().value()), text(is, c -> c.serverAddress().value()));
        compare(changes, PORT, text(was, c -> c.port() == null ? null : Integer.toString(c.port().value())),
                text(is, c -> c.port() == null ? null : Integer.toString(c.port().value())));
        compare(changes, LOGIN, text(was, SmtpConnection::login), text(is, SmtpConnection::login));
        Object oldPassword = was == null ? null : was.password();
        Object newPassword = is == null ? null : is.password();
        if (!Objects.equals(oldPassword, newPassword)) {
            changes.add(new FieldChange(PASSWORD, oldPassword == null ? "set" : newPassword == null ? "cleared" : "changed"));
        }
        compare(changes, SECURE_SOCKET_OPTIONS, text(was, c -> c.secureSocketOptions().name()), text(is, c -> c.secureSocketOptions().name()));
        compare(changes, OUTGOING_EMAIL_ADDRESS,
                before.outgoingEmailAddress() == null ? null : before.outgoingEmailAddress().value(),
                after.outgoingEmailAddress() == null ? null : after.outgoingEmailAddress().value());
        return changes;
    }

    private static String text(SmtpConnection connection, Function<SmtpConnection, String> value) {
        return connection == null ? null : value.apply(connection);
    }

    private static void compare(List<FieldChange> changes, String field, String before, String after) {
        if (Objects.equals(before, after)) {
            return;
        }
        String change = before == null ? "set to " + after
                : after == null ? "cleared (was " + before + "; inherited now)"
                : "changed from " + before + " to " + after;
        changes.add(new FieldChange(field, change));
    }
}
