package dev.storerelay.application.service;

import dev.storerelay.domain.model.FailedAttempts;
import dev.storerelay.domain.policy.PasswordGuessingPolicy;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The failed password attempts of each (user name, client address) pair, in memory, judged by a
 * {@link PasswordGuessingPolicy}. One instance per kind of credential (admin users, relay credentials), so the two
 * never slow each other down. Every operation is a single atomic step of the map: no locks, no threads.
 *
 * <p>At most about {@code maxPairs} pairs are kept. When that is reached, pairs whose failures are forgotten go
 * first, then pairs not slowed yet (forgetting one gives back at most the free failures); pairs being slowed stay.
 * Only if every kept pair is being slowed is a new pair not recorded: that takes {@code maxPairs} times more than
 * the free failures, each a checked password, within the quiet period, far more hashing than the host does in it.
 */
final class PasswordGuessThrottle {
    static final int DEFAULT_MAX_PAIRS = 10_000;
    /** Longer user names exist nowhere; cutting them keeps a key small whatever a client sends. */
    static final int MAX_KEY_USERNAME = 256;

    private final Map<Pair, FailedAttempts> failures = new ConcurrentHashMap<>();
    private final PasswordGuessingPolicy policy;
    private final Clock clock;
    private final int maxPairs;

    private record Pair(String username, String address) {
    }

    PasswordGuessThrottle(PasswordGuessingPolicy policy, Clock clock, int maxPairs) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxPairs < 1) {
            throw new IllegalArgumentException("maxPairs must be at least 1: " + maxPairs);
        }
        this.maxPairs = maxPairs;
    }

    /** Until when this pair's password must not be checked; empty when it may be checked now. */
    Optional<Instant> waitUntil(String username, String address) {
        Pair pair = pair(username, address);
        FailedAttempts found = failures.get(pair);
        if (found == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (policy.isForgotten(found, now)) {
            failures.remove(pair, found);
            return Optional.empty();
        }
        return policy.waitUntil(found, now);
    }

    /** A wrong password (or an unknown user name) from this address. */
    void failed(String username, String address) {
        Pair pair = pair(username, address);
        Instant now = clock.instant();
        if (!failures.containsKey(pair) && failures.size() >= maxPairs && !makeRoom(now)) {
            return;
        }
        failures.compute(pair, (p, earlier) -> policy.afterFailure(earlier, now));
    }

    /** The right password: the pair's failures are forgotten. */
    void succeeded(String username, String address) {
        failures.remove(pair(username, address));
    }

    /** How many pairs are kept (for tests). */
    int size() {
        return failures.size();
    }

    private boolean makeRoom(Instant now) {
        failures.values().removeIf(f -> policy.isForgotten(f, now));
        if (failures.size() >= maxPairs) {
            failures.values().removeIf(f -> !policy.isSlowed(f));
        }
        return failures.size() < maxPairs;
    }

    private static Pair pair(String username, String address) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(address, "address");
        return new Pair(username.length() > MAX_KEY_USERNAME ? username.substring(0, MAX_KEY_USERNAME) : username, address);
    }
}
