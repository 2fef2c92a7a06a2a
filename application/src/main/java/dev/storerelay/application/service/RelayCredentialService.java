package dev.storerelay.application.service;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.AuthenticateRelayClientUseCase;
import dev.storerelay.application.port.in.AuthenticationResult;
import dev.storerelay.application.port.in.ManageRelayCredentialsUseCase;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.RelayCredentialsPort;
import dev.storerelay.application.port.out.RelayCredentialsPort.RelayCredential;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.Violation;
import dev.storerelay.domain.policy.PasswordGuessingPolicy;
import dev.storerelay.domain.policy.RelayCredentialRules;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Relay credentials (README, *Pointing a legacy system at it*, rule 1): managed by admins, checked on SMTP AUTH.
 * Passwords are stored as PBKDF2 hashes only. A wrong password and an unknown user name cost the same hash computation
 * (a decoy hash), so timing does not tell which user names exist; a correct one verified in the last
 * {@link CredentialChecks#verifiedFor()} is answered from a {@link VerifiedCredentialCache} instead. Failures are throttled per user name and client address
 * ({@link PasswordGuessingPolicy}), apart from the admin users' sign-ins.
 */
public final class RelayCredentialService implements ManageRelayCredentialsUseCase, AuthenticateRelayClientUseCase {
    private final LoadOrgTreePort loadTree;
    private final RelayCredentialsPort credentials;
    private final PasswordHashing hashing;
    private final VerifiedCredentialCache verified;
    private final PasswordGuessThrottle throttle;
    private final AuditTrail audit;

    public RelayCredentialService(LoadOrgTreePort loadTree, RelayCredentialsPort credentials, PasswordHashing hashing,
                                  SecureRandom random, Clock clock, AuditTrail audit, CredentialChecks checks) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.loadTree = Objects.requireNonNull(loadTree, "loadTree");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.hashing = Objects.requireNonNull(hashing, "hashing");
        this.verified = new VerifiedCredentialCache(random, checks.verifiedFor(), checks.maxVerified(), clock);
        this.throttle = new PasswordGuessThrottle(checks.guessing(), clock, PasswordGuessThrottle.DEFAULT_MAX_PAIRS);
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
    public AuthenticationResult<UnitId> authenticateRelayClient(String username, String password, String clientAddress) {
        if (username == null || password == null) {
            return new AuthenticationResult.Refused<>();
        }
        Optional<Instant> wait = throttle.waitUntil(username, clientAddress);
        if (wait.isPresent()) {
            return new AuthenticationResult.Throttled<>(wait.get());    // unchecked: a guess costs no hash and tells nothing
        }
        if (username.length() > RelayCredentialRules.MAX_USERNAME_LENGTH
                || password.length() > RelayCredentialRules.MAX_PASSWORD_LENGTH) {
            throttle.failed(username, clientAddress);      // beyond the public limits: nothing can match, hashing is waste
            return new AuthenticationResult.Refused<>();
        }
        Optional<RelayCredential> stored = RelayCredentialRules.isValidUsername(username)
                ? credentials.findByUsername(username)
                : Optional.empty();
        if (stored.isPresent() && verified.isVerified(username, password, stored.get())) {
            return succeeded(username, clientAddress, stored.get());
        }
        boolean matches = hashing.matches(password, stored.map(RelayCredential::passwordHash).orElseGet(hashing::decoy));
        if (stored.isEmpty() || !matches) {
            throttle.failed(username, clientAddress);
            return new AuthenticationResult.Refused<>();
        }
        verified.remember(username, password, stored.get());
        return succeeded(username, clientAddress, stored.get());
    }

    private AuthenticationResult<UnitId> succeeded(String username, String clientAddress, RelayCredential credential) {
        throttle.succeeded(username, clientAddress);
        return new AuthenticationResult.Authenticated<>(credential.unit());
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
