package dev.storerelay.application.service;

import dev.storerelay.application.port.in.AdminUser;
import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.AuthenticateAdminUseCase;
import dev.storerelay.application.port.in.AuthenticationResult;
import dev.storerelay.application.port.in.ManageAdminUsersUseCase;
import dev.storerelay.application.port.out.AdminUsersPort;
import dev.storerelay.application.port.out.AdminUsersPort.AdminUserRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import dev.storerelay.domain.model.Violation;
import dev.storerelay.domain.policy.AdminUserRules;
import dev.storerelay.domain.policy.PasswordGuessingPolicy;

import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin users of the page and API: sign-in (the form and HTTP Basic), the initial {@code admin}, and their
 * management. Failed sign-ins are throttled per user name and client address ({@link PasswordGuessingPolicy}).
 */
public final class AdminUserService implements AuthenticateAdminUseCase, ManageAdminUsersUseCase {
    public static final String INITIAL_ADMIN = "admin";
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int GENERATED_PASSWORD_LENGTH = 20;
    private static final byte[] STAMP_CONTEXT = "store-relay admin credential stamp\0".getBytes(StandardCharsets.US_ASCII);
    private static final int STAMP_BYTES = 16;

    private final AdminUsersPort users;
    private final PasswordHashing hashing;
    private final SecureRandom random;

    // HTTP Basic sends the password with every request; without this each API call would cost a full PBKDF2.
    private final VerifiedCredentialCache verified;
    // The sign-in form and HTTP Basic share it: guessing through one slows the other down as well.
    private final PasswordGuessThrottle throttle;
    private final AuditTrail audit;

    public AdminUserService(AdminUsersPort users, PasswordHashing hashing, SecureRandom random, Clock clock, AuditTrail audit,
                            CredentialChecks checks) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.users = Objects.requireNonNull(users, "users");
        this.hashing = Objects.requireNonNull(hashing, "hashing");
        this.random = Objects.requireNonNull(random, "random");
        this.verified = new VerifiedCredentialCache(random, checks.verifiedFor(), checks.maxVerified(), clock);
        this.throttle = new PasswordGuessThrottle(checks.guessing(), clock, PasswordGuessThrottle.DEFAULT_MAX_PAIRS);
    }

    @Override
    public AuthenticationResult<AdminUser> authenticate(String username, String password, String clientAddress) {
        if (username == null || password == null) {
            return new AuthenticationResult.Refused<>();
        }
        Optional<Instant> wait = throttle.waitUntil(username, clientAddress);
        if (wait.isPresent()) {
            return new AuthenticationResult.Throttled<>(wait.get());    // unchecked: a guess costs no hash and tells nothing
        }
        Optional<AdminUserRecord> user = users.findUser(username);
        if (user.isPresent() && verified.isVerified(username, password, username, user.get().passwordHash())) {
            return succeeded(user.get(), clientAddress);
        }
        boolean matches = hashing.matches(password, user.map(AdminUserRecord::passwordHash).orElseGet(hashing::decoy));
        if (user.isEmpty() || !matches) {
            throttle.failed(username, clientAddress);
            return new AuthenticationResult.Refused<>();
        }
        verified.remember(username, password, username, user.get().passwordHash());
        return succeeded(user.get(), clientAddress);
    }

    private AuthenticationResult<AdminUser> succeeded(AdminUserRecord user, String clientAddress) {
        throttle.succeeded(user.username(), clientAddress);
        return new AuthenticationResult.Authenticated<>(view(user));
    }

    /** The user as the adapters see it: never its hash, only a stamp that changes with it. */
    private static AdminUser view(AdminUserRecord user) {
        return new AdminUser(user.username(), user.canSetup(), credentialStamp(user.passwordHash()));
    }

    /**
     * A short one-way digest of the stored hash. Every password set gets a fresh salt, so the stamp changes with each
     * password change (even to the same password); the hash itself never leaves the application.
     */
    private static String credentialStamp(String passwordHash) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(STAMP_CONTEXT);
            byte[] digest = sha256.digest(passwordHash.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, STAMP_BYTES));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public Optional<String> ensureInitialAdmin(String configuredPassword) {
        if (users.anyUser()) {
            return Optional.empty();
        }
        boolean generate = configuredPassword == null || configuredPassword.isEmpty();
        String password = generate ? generatePassword() : configuredPassword;
        users.saveUser(new AdminUserRecord(INITIAL_ADMIN, hashing.hash(password), true));
        return generate ? Optional.of(password) : Optional.empty();
    }

    @Override
    public void saveUser(String username, String password, boolean canSetup) {
        users.saveUser(new AdminUserRecord(username, hashing.hash(password), canSetup));
        verified.forget(username);
    }

    @Override
    public List<AdminUser> users() {
        return users.listUsers().stream()
                .sorted(Comparator.comparing(AdminUserRecord::username))
                .map(AdminUserService::view)
                .toList();
    }

    @Override
    public Optional<AdminUser> user(String username) {
        return username == null ? Optional.empty() : users.findUser(username).map(AdminUserService::view);
    }

    @Override
    public Outcome save(String username, String password, boolean canSetup) {
        // Hashing takes long: it comes before the users are locked.
        String newHash = password == null || !AdminUserRules.check(username, password, true).isEmpty() ? null
                : hashing.hash(password);
        return users.changeExclusively(() -> saveLocked(username, password, newHash, canSetup));
    }

    private Outcome saveLocked(String username, String password, String newHash, boolean canSetup) {
        Optional<AdminUserRecord> existing = username == null ? Optional.empty() : users.findUser(username);
        List<Violation> violations = AdminUserRules.check(username, password, existing.isPresent());
        if (!violations.isEmpty()) {
            return new Outcome.Invalid(violations);
        }
        if (!canSetup && existing.filter(AdminUserRecord::canSetup).isPresent() && setupUsers() == 1) {
            return lastSetupUser(username);
        }
        String hash = password == null ? existing.orElseThrow().passwordHash() : newHash;
        users.saveUser(new AdminUserRecord(username, hash, canSetup));
        verified.forget(username);
        String permission = canSetup ? "setup" : "view";
        audit.record(null, "Admin user " + username, existing.isEmpty() ? "created with the " + permission + " permission"
                : (existing.get().canSetup() != canSetup ? "permission changed to " + permission : "unchanged permission (" + permission + ")")
                + (password == null ? "" : ", password changed"));
        return Outcome.done();
    }

    @Override
    public Outcome delete(String username, String actingUser) {
        return users.changeExclusively(() -> deleteLocked(username, actingUser));
    }

    private Outcome deleteLocked(String username, String actingUser) {
        Optional<AdminUserRecord> existing = username == null ? Optional.empty() : users.findUser(username);
        if (existing.isEmpty()) {
            return new Outcome.NotFound("admin user " + username);
        }
        if (username.equals(actingUser)) {
            return new Outcome.Conflict(List.of(new Violation(AdminUserRules.USERNAME, "You cannot remove yourself.")));
        }
        if (existing.get().canSetup() && setupUsers() == 1) {
            return lastSetupUser(username);
        }
        users.deleteUser(username);
        verified.forget(username);
        audit.record(null, "Admin user " + username, "removed");
        return Outcome.done();
    }

    private long setupUsers() {
        return users.listUsers().stream().filter(AdminUserRecord::canSetup).count();
    }

    private static Outcome lastSetupUser(String username) {
        return new Outcome.Conflict(List.of(new Violation(AdminUserRules.USERNAME,
                username + " is the last user with the setup permission; give it to another user first.")));
    }

    private String generatePassword() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < GENERATED_PASSWORD_LENGTH; i++) {
            out.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return out.toString();
    }
}
