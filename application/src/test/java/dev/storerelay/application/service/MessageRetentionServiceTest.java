package dev.storerelay.application.service;

import dev.storerelay.application.testing.MutableClock;

import dev.storerelay.application.testing.InMemoryMessageQueue;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryAttempt.RecipientOutcome;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.application.testing.InMemoryMessageQueue;
import dev.storerelay.application.testing.InMemoryRefusedSubmissions;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RefusedSubmission;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UpstreamReply;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageRetentionServiceTest {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    private static final EmailAddress ANN = new EmailAddress("ann@example.com");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryMessageQueue queue = new InMemoryMessageQueue();
    private final InMemoryRefusedSubmissions refusals = new InMemoryRefusedSubmissions();
    private final MessageRetentionService retention = new MessageRetentionService(queue, refusals, clock, Duration.ofDays(30));

    @Test
    void aFinishedMessageIsDeletedOnceItIsOlderThanTheRetentionAndAPendingOneNever() {
        MessageId delivered = enqueue();
        MessageId pending = enqueue();
        queue.claimDue(T0, 10, "w", T0.plusSeconds(60));
        queue.recordAttempt(new DeliveryAttempt(delivered, T0, List.of(new RecipientOutcome(ANN, RecipientStatus.DELIVERED,
                new UpstreamReply(250, "ok"))), null, false, true, "delivered"), "w");

        clock.set(T0.plus(Duration.ofDays(30)));
        assertThat(retention.purgeOldMessages()).as("not older than the retention yet").isZero();

        clock.advance(Duration.ofSeconds(1));
        assertThat(retention.purgeOldMessages()).isEqualTo(1);
        assertThat(queue.findMessage(delivered)).isEmpty();
        assertThat(queue.findMessage(pending)).isPresent();
    }

    @Test
    void aRefusalIsDeletedOnceItIsOlderThanTheRetention() {
        refusals.append(List.of(new RefusedSubmission(T0, "192.0.2.7", "erp.local", "erp@legacy.example", List.of(),
                RefusedSubmission.Reply.of(554, "5.7.1 Relay access denied"))));

        clock.set(T0.plus(Duration.ofDays(30)));
        assertThat(retention.purgeOldRefusals()).as("not older than the retention yet").isZero();

        clock.advance(Duration.ofSeconds(1));
        assertThat(retention.purgeOldRefusals()).isEqualTo(1);
        assertThat(refusals.size()).isZero();
    }

    @Test
    void theRetentionMustBePositive() {
        assertThatThrownBy(() -> new MessageRetentionService(queue, refusals, clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private MessageId enqueue() {
        return queue.enqueue(new NewMessage(UnitId.of("s1"), RoutingReason.STORE_HEADER, "store header names s1",
                new EmailAddress("erp@legacy.example"), List.of(ANN), null,
                MessageContent.ofBytes("Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)), "erp.local", "192.0.2.7",
                clock.instant()));
    }
}
