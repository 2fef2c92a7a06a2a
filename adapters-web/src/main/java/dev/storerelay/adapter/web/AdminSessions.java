package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.AdminUser;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in admin page users, in memory: a restart signs everyone out, which is acceptable for one admin process
 * and keeps session ids out of the database. Ids and CSRF tokens are 256 random bits.
 */
final class AdminSessions {
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);
    private static final int TOKEN_BYTES = 32;

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    AdminSessions(Clock clock) {
        this.clock = clock;
    }

    /** A new session for {@code user}; the caller sets its id as the cookie. */
    Session create(AdminUser user) {
        purgeIdle();
        Session session = new Session(token(), user, token(), clock.instant());
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session with this id, its idle time restarted; empty when unknown or idle too long. */
    Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session found = sessions.get(id);
        if (found == null) {
            return Optional.empty();
        }
        if (found.lastSeen().plus(IDLE_TIMEOUT).isBefore(now)) {
            sessions.remove(id, found);
            return Optional.empty();
        }
        Session touched = found.seenAt(now);
        sessions.replace(id, found, touched);
        return Optional.of(touched);
    }

    /**
     * The session with the user as it is now (e.g. its permission was changed by a setup admin); kept whatever another
     * request of the same browser did to the session meanwhile, and not brought back once it has ended.
     */
    Session withUser(Session session, AdminUser user) {
        Session updated = sessions.computeIfPresent(session.id(),
                (id, current) -> new Session(id, user, current.csrfToken(), current.lastSeen()));
        return updated != null ? updated : new Session(session.id(), user, session.csrfToken(), session.lastSeen());
    }

    void remove(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    private void purgeIdle() {
        Instant oldest = clock.instant().minus(IDLE_TIMEOUT);
        sessions.values().removeIf(s -> s.lastSeen().isBefore(oldest));
    }

    private String token() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** One signed-in browser: who, the synchronizer token its forms must carry, and when it was last used. */
    record Session(String id, AdminUser user, String csrfToken, Instant lastSeen) {
        Session seenAt(Instant now) {
            return new Session(id, user, csrfToken, now);
        }

        @Override
        public String toString() {
            return "Session[" + user.username() + "]";
        }
    }
}
