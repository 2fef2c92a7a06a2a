package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.Violation;

import java.util.ArrayList;
import java.util.List;

/**
 * What an admin user of the web page and API may look like: a name of 1–64 letters, digits, {@code . _ @ -} (it is
 * typed at sign-in and appears in the audit trail), and a password of 12–1024 characters on one line.
 */
public final class AdminUserRules {
    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final int MAX_USERNAME_LENGTH = 64;
    public static final int MIN_PASSWORD_LENGTH = 12;
    public static final int MAX_PASSWORD_LENGTH = 1024;

    private AdminUserRules() {
    }

    /**
     * Every violation; empty when the user may be stored.
     *
     * @param password {@code null} to keep an existing user's password
     * @param exists   whether the user exists already (a new user needs a password)
     */
    public static List<Violation> check(String username, String password, boolean exists) {
        List<Violation> violations = new ArrayList<>();
        if (!isValidUsername(username)) {
            violations.add(new Violation(USERNAME, "Enter 1-" + MAX_USERNAME_LENGTH + " letters, digits, '.', '_', '@' or '-'."));
        }
        if (password == null) {
            if (!exists) {
                violations.add(new Violation(PASSWORD, "A new user needs a password of at least " + MIN_PASSWORD_LENGTH + " characters."));
            }
        } else if (password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
            violations.add(new Violation(PASSWORD, "The password needs at least " + MIN_PASSWORD_LENGTH + " characters."));
        } else if (password.length() > MAX_PASSWORD_LENGTH || password.chars().anyMatch(c -> c == 0 || c == '\r' || c == '\n')) {
            violations.add(new Violation(PASSWORD, "The password must be one line of at most " + MAX_PASSWORD_LENGTH + " characters."));
        }
        return violations;
    }

    public static boolean isValidUsername(String username) {
        return username != null && !username.isEmpty() && username.length() <= MAX_USERNAME_LENGTH
                && username.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '.' || c == '_' || c == '@' || c == '-');
    }
}
