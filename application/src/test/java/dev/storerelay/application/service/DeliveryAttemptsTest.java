package dev.storerelay.application.service;

import dev.storerelay.application.testing.MutableClock;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryAttempt.RecipientOutcome;
import dev.storerelay.application.port.out.ForwardMessagePort.RecipientReply;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UpstreamReply;
import dev.storerelay.domain.policy.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryAttemptsTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-24T08:00:00Z");
    private static final Duration LIFETIME = Duration.ofDays(5);
    private static final EmailAddress A = new EmailAddress("a@example.org");
    private static final EmailAddress B = new EmailAddress("b@example.org");
    private static final EmailAddress C = new EmailAddress("c@example.org");

    private final MutableClock clock = new MutableClock(RECEIVED.plusSeconds(1));
    private final DeliveryAttempts attempts = new DeliveryAttempts(
            new RetryPolicy(Duration.ofMinutes(1), 2.0, Duration.ofHours(1), LIFETIME, 0.0), clock, () -> 0.5);

    private static ClaimedMessage message(int attemptsMade) {
        return new ClaimedMessage(new MessageId(7), UnitId.of("s1"), new EmailAddress("erp@legacy.example"), List.of(A, B, C),
                null, MessageContent.ofBytes("Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)), "erp.local",
                "192.0.2.7", RECEIVED, attemptsMade, null, null);
    }

    @Test
    void eachRecipientHasItsOwnOutcomeAndTheTemporaryOnesARetry() {
        Instant answered = clock.instant();

        DeliveryAttempt attempt = attempts.answered(message(0), List.of(
                new RecipientReply(A, new UpstreamReply(250, "2.1.5 OK")),
                new RecipientReply(B, new UpstreamReply(450, "4.2.1 mailbox busy")),
                new RecipientReply(C, new UpstreamReply(550, "5.1.1 no such user"))), new EmailAddress("store12@shop.example"));

        assertThat(attempt.outcomes()).extracting(RecipientOutcome::status)
                .containsExactly(RecipientStatus.DELIVERED, RecipientStatus.PENDING, RecipientStatus.FAILED);
        assertThat(attempt.at()).isEqualTo(answered);
        assertThat(attempt.nextAttemptAt()).as("first retry after a minute").isEqualTo(answered.plus(Duration.ofMinutes(1)));
        assertThat(attempt.summary()).startsWith("1 of 3 recipient(s) delivered; b@example.org: pending, 450");
        assertThat(attempt.sentAs()).as("the address it went out as, for the log").isEqualTo(new EmailAddress("store12@shop.example"));
    }

    @Test
    void aTemporaryFailurePastTheQueueLifetimeExpires() {
        clock.advance(LIFETIME);

        DeliveryAttempt attempt = attempts.answered(message(9), List.of(
                new RecipientReply(A, new UpstreamReply(250, "OK")),
                new RecipientReply(B, new UpstreamReply(451, "try later")),
                new RecipientReply(C, new UpstreamReply(451, "try later"))), new EmailAddress("store12@shop.example"));

        assertThat(attempt.outcomes()).extracting(RecipientOutcome::status)
                .containsExactly(RecipientStatus.DELIVERED, RecipientStatus.EXPIRED, RecipientStatus.EXPIRED);
        assertThat(attempt.nextAttemptAt()).isNull();
    }

    @Test
    void heldMailWaitsUntilItsExpiryWithoutRetriesAndExpiresOnceTooOld() {
        DeliveryAttempt held = attempts.held(message(0), "no SMTP server is configured");

        assertThat(held.held()).isTrue();
        assertThat(held.nextAttemptAt()).isEqualTo(RECEIVED.plus(LIFETIME));
        assertThat(held.outcomes()).allSatisfy(o -> assertThat(o.status()).isEqualTo(RecipientStatus.PENDING));

        clock.advance(LIFETIME);
        DeliveryAttempt expired = attempts.held(message(0), "no SMTP server is configured");

        assertThat(expired.held()).isFalse();
        assertThat(expired.outcomes()).allSatisfy(o -> assertThat(o.status()).isEqualTo(RecipientStatus.EXPIRED));
        assertThat(expired.summary()).isEqualTo("expired while held: no SMTP server is configured");
    }

    @Test
    void aDeferralKeepsEveryRecipientPendingUntilTheSlot() {
        Instant slot = clock.instant().plusSeconds(2);

        DeliveryAttempt deferred = attempts.deferred(message(0), slot, new RateLimit(30));

        assertThat(deferred.nextAttemptAt()).isEqualTo(slot);
        assertThat(deferred.outcomes()).allSatisfy(o -> assertThat(o.status()).isEqualTo(RecipientStatus.PENDING));
        assertThat(deferred.summary()).isEqualTo("deferred: waiting for its turn under the store's limit of 30 messages per minute");
    }
}
