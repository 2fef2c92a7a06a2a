package dev.storerelay.adapter.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing on the sign-in form: after {@link #MAX_FAILURES} failures within {@link #WINDOW} for
 * one user name, or from one client address, sign-in is refused for {@link #LOCK} for that name or address.
 * The address counts too, so guessing across many names is stopped as well.
 */
final class SignInThrottle {
    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration LOCK = Duration.ofMinutes(5);

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Map<String, Instant> lockedUntil = new ConcurrentHashMap<>();
    private final Clock clock;

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Until when sign-in is refused for this name or address, if it is now. */
    Optional<Instant> lockedUntil(String username, String address) {
        Instant now = clock.instant();
        return later(activeLock(userKey(username), now), activeLock(addressKey(address), now));
    }

    void failed(String username, String address) {
        Instant now = clock.instant();
        count(userKey(username), now);
        count(addressKey(address), now);
    }

    /** A good password clears the name's failures (the address keeps its own, so spraying names still counts). */
    void succeeded(String username) {
        failures.remove(userKey(username));
    }

    private void count(String key, Instant now) {
        Deque<Instant> recent = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(now);
            while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(WINDOW))) {
                recent.removeFirst();
            }
            if (recent.size() >= MAX_FAILURES) {
                lockedUntil.put(key, now.plus(LOCK));
                recent.clear();
            }
        }
    }

    private Instant activeLock(String key, Instant now) {
        Instant until = lockedUntil.get(key);
        if (until != null && !until.isAfter(now)) {
            lockedUntil.remove(key, until);
            return null;
        }
        return until;
    }

    private static Optional<Instant> later(Instant a, Instant b) {
        if (a == null) {
            return Optional.ofNullable(b);
        }
        return Optional.of(b == null || a.isAfter(b) ? a : b);
    }

    private static String userKey(String username) {
        return "user:" + (username == null ? "" : username);
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
