package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.AdminUser;
import dev.storerelay.application.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AdminSessionsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final AdminSessions sessions = new AdminSessions(clock);

    @Test
    void aSessionEndsAfterThirtyMinutesIdleButUseKeepsItAlive() {
        AdminSessions.Session session = sessions.create(new AdminUser("admin", true, "stamp-1"));

        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(session.id())).isPresent();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(session.id())).as("used 29 minutes ago").isPresent();
        clock.advance(AdminSessions.IDLE_TIMEOUT.plusSeconds(1));
        assertThat(sessions.find(session.id())).isEmpty();
    }

    @Test
    void idsAndTokensAreLongRandomAndDistinct() {
        AdminSessions.Session a = sessions.create(new AdminUser("admin", true, "stamp-1"));
        AdminSessions.Session b = sessions.create(new AdminUser("admin", true, "stamp-1"));

        assertThat(a.id()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(b.id()).isNotEqualTo(a.csrfToken());
        assertThat(a.csrfToken()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(b.csrfToken());
        assertThat(a.toString()).doesNotContain(a.id());
    }

    @Test
    void removedAndUnknownSessionsAreNotFound() {
        AdminSessions.Session session = sessions.create(new AdminUser("viewer", false, "stamp-2"));
        sessions.remove(session.id());

        assertThat(sessions.find(session.id())).isEmpty();
        assertThat(sessions.find("nonsense")).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
    }

    @Test
    void theUserOfASessionIsReplacedEvenWhenItWasUsedMeanwhileButAnEndedSessionStaysEnded() {
        AdminSessions.Session session = sessions.create(new AdminUser("admin", true, "stamp-1"));
        clock.advance(Duration.ofMinutes(1));
        sessions.find(session.id());                       // another request touched it

        sessions.withUser(session, new AdminUser("admin", true, "stamp-2"));

        assertThat(sessions.find(session.id())).hasValueSatisfying(s -> {
            assertThat(s.user().credentialStamp()).isEqualTo("stamp-2");
            assertThat(s.csrfToken()).isEqualTo(session.csrfToken());
        });
        sessions.remove(session.id());
        sessions.withUser(session, new AdminUser("admin", true, "stamp-3"));
        assertThat(sessions.find(session.id())).isEmpty();
    }
}
