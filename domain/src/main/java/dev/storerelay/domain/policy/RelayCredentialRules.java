package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.Violation;

import java.util.ArrayList;
import java.util.List;

/**
 * What a relay credential (SMTP AUTH on the listener, README, *Pointing a legacy system at it*, rule 1) may look like.
 * The user name is 1–128 visible ASCII characters without {@code :} (no spaces, so nothing is lost to trimming in
 * legacy configuration files); the password is 12–1024 characters without NUL, CR or LF, because AUTH PLAIN separates
 * its fields with NUL and AUTH LOGIN sends each value on one line (RFC 4616, RFC 4954).
 */
public final class RelayCredentialRules {
    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final int MAX_USERNAME_LENGTH = 128;
    public static final int MIN_PASSWORD_LENGTH = 12;
    public static final int MAX_PASSWORD_LENGTH = 1024;

    private RelayCredentialRules() {
    }

    /** Every violation of the rules; empty when the credential may be stored. */
    public static List<Violation> check(String username, String password) {
        List<Violation> violations = new ArrayList<>();
        if (!isValidUsername(username)) {
            violations.add(new Violation(USERNAME, "Enter 1-" + MAX_USERNAME_LENGTH
                    + " letters, digits or symbols (no spaces, no ':')."));
        }
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
            violations.add(new Violation(PASSWORD, "The password needs at least " + MIN_PASSWORD_LENGTH + " characters."));
        } else if (password.length() > MAX_PASSWORD_LENGTH || hasNulOrLineBreak(password)) {
            violations.add(new Violation(PASSWORD, "The password must be one line of at most " + MAX_PASSWORD_LENGTH + " characters."));
        }
        return violations;
    }

    public static boolean isValidUsername(String username) {
        return username != null && !username.isEmpty() && username.length() <= MAX_USERNAME_LENGTH
                && username.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':');
    }

    private static boolean hasNulOrLineBreak(String text) {
        return text.chars().anyMatch(c -> c == 0 || c == '\r' || c == '\n');
    }
}
