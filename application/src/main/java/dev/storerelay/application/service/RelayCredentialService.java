package dev.storerelay.application.service;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.AuthenticateRelayClientUseCase;
import dev.storerelay.application.port.in.ManageRelayCredentialsUseCase;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.RelayCredentialsPort;
import dev.storerelay.application.port.out.RelayCredentialsPort.RelayCredential;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.Violation;
import dev.storerelay.domain.policy.RelayCredentialRules;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Relay credentials (DESIGN §3 rule 1): managed by admins, checked on SMTP AUTH. Passwords are stored as PBKDF2
 * hashes only. A wrong password and an unknown user name cost the same hash computation (a decoy hash), so timing
 * does not tell which user names exist; a correct one verified in the last {@link #CACHE_TTL} is answered from a
 * {@link VerifiedCredentialCache} instead.
 */
public final class RelayCredentialService implements ManageRelayCredentialsUseCase, AuthenticateRelayClientUseCase {
    public static final Duration CACHE_TTL = Duration.ofMinutes(10);
    public static final int CACHE_SIZE = 1000;

    private final LoadOrgTreePort loadTree;
    private final RelayCredentialsPort credentials;
    private final PasswordHashing hashing;
    private final VerifiedCredentialCache verified;
    private final AuditTrail audit;

    public RelayCredentialService(LoadOrgTreePort loadTree, RelayCredentialsPort credentials, PasswordHashing hashing,
                                  SecureRandom random, Clock clock) {
        this(loadTree, credentials, hashing, random, clock, CACHE_TTL, CACHE_SIZE, AuditTrail.NONE);
    }

    public RelayCredentialService(LoadOrgTreePort loadTree, RelayCredentialsPort credentials, PasswordHashing hashing,
                                  SecureRandom random, Clock clock, AuditTrail audit) {
        this(loadTree, credentials, hashing, random, clock, CACHE_TTL, CACHE_SIZE, audit);
    }

    /** With another cache lifetime and size, for tests. */
    public RelayCredentialService(LoadOrgTreePort loadTree, RelayCredentialsPort credentials, PasswordHashing hashing,
                                  SecureRandom random, Clock clock, Duration cacheTtl, int cacheSize) {
        this(loadTree, credentials, hashing, random, clock, cacheTtl, cacheSize, AuditTrail.NONE);
    }

    private RelayCredentialService(LoadOrgTreePort loadTree, RelayCredentialsPort credentials, PasswordHashing hashing,
                                   SecureRandom random, Clock clock, Duration cacheTtl, int cacheSize, AuditTrail audit) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.loadTree = Objects.requireNonNull(loadTree, "loadTree");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.hashing = Objects.requireNonNull(hashing, "hashing");
        this.verified = new VerifiedCredentialCache(random, cacheTtl, cacheSize, clock);
    }

    @Override
    public Optional<RelayCredentialView> credentials(UnitId unit) {
        if (!loadTree.loadOrgTree().contains(unit)) {
            return Optional.empty();
        }
        return Optional.of(new RelayCredentialView(credentials.findByUnit(unit).map(RelayCredential::username).orElse(null)));
    }

    @Override
    public Outcome setCredentials(UnitId unit, String username, String password) {
        if (!loadTree.loadOrgTree().contains(unit)) {
            return new Outcome.NotFound("unit " + unit);
        }
        List<Violation> violations = RelayCredentialRules.check(username, password);
        if (!violations.isEmpty()) {
            return new Outcome.Invalid(violations);
        }
        Optional<UnitId> owner = credentials.findByUsername(username).map(RelayCredential::unit).filter(u -> !u.equals(unit));
        if (owner.isPresent()) {
            return usernameTaken(username, owner.get());
        }
        Optional<String> previous = credentials.findByUnit(unit).map(RelayCredential::username);
        boolean saved = credentials.saveCredential(new RelayCredential(unit, username, hashing.hash(password)));
        verified.forget(unit);
        if (saved) {
            audit.record(unit, "Relay credential", previous.map(p -> p.equals(username)
                    ? "password changed for user name " + username
                    : "user name changed from " + p + " to " + username + ", password changed")
                    .orElse("set: user name " + username + ", password set"));
        }
        if (!saved) {
            return credentials.findByUsername(username).map(c -> usernameTaken(username, c.unit()))
                    .orElseGet(() -> new Outcome.Conflict(List.of(new Violation(RelayCredentialRules.USERNAME,
                            "Another unit took this user name meanwhile; try again."))));
        }
        return Outcome.done();
    }

    @Override
    public Outcome removeCredentials(UnitId unit) {
        if (!loadTree.loadOrgTree().contains(unit)) {
            return new Outcome.NotFound("unit " + unit);
        }
        boolean had = credentials.findByUnit(unit).isPresent();
        credentials.deleteCredential(unit);
        verified.forget(unit);
        if (had) {
            audit.record(unit, "Relay credential", "removed");
        }
        return Outcome.done();
    }

    @Override
    public Optional<UnitId> authenticateRelayClient(String username, String password) {
        if (username == null || password == null || username.length() > RelayCredentialRules.MAX_USERNAME_LENGTH
                || password.length() > RelayCredentialRules.MAX_PASSWORD_LENGTH) {
            return Optional.empty();            // beyond the public limits: nothing can match, and hashing it is waste
        }
        Optional<RelayCredential> stored = RelayCredentialRules.isValidUsername(username)
                ? credentials.findByUsername(username)
                : Optional.empty();
        if (stored.isPresent() && verified.isVerified(username, password, stored.get())) {
            return Optional.of(stored.get().unit());
        }
        boolean matches = hashing.matches(password, stored.map(RelayCredential::passwordHash).orElseGet(hashing::decoy));
        if (stored.isEmpty() || !matches) {
            return Optional.empty();
        }
        verified.remember(username, password, stored.get());
        return Optional.of(stored.get().unit());
    }

    /** How many verified credentials are cached now (for tests and metrics). */
    int cachedCredentials() {
        return verified.size();
    }

    private static Outcome usernameTaken(String username, UnitId owner) {
        return new Outcome.Conflict(List.of(new Violation(RelayCredentialRules.USERNAME,
                "The user name " + username + " is already used by unit " + owner + ".")));
    }
}
