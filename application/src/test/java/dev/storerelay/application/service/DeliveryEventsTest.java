package dev.storerelay.application.service;

import dev.storerelay.application.testing.RecordingDeliveryEvents;
import dev.storerelay.application.testing.RecordingForwarder;
import dev.storerelay.application.testing.MutableClock;
import dev.storerelay.application.testing.InMemoryMessageQueue;
import dev.storerelay.application.testing.InMemorySendSlots;
import dev.storerelay.application.testing.SynchronousDelivery;
import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.testing.InMemoryOrgUnits;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.application.testing.InMemoryRateLimits;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import dev.storerelay.domain.model.UpstreamReply;
import dev.storerelay.domain.policy.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the delivery service tells the monitoring (README, *Metrics*): outcomes per recipient, queue delay, retries,
 * bounces.
 */
class DeliveryEventsTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final Duration LIFETIME = Duration.ofDays(5);
    private static final EmailAddress ERP = new EmailAddress("erp@legacy.local");
    private static final SmtpConnection SERVER = new SmtpConnection(new ServerAddress("smtp.north.example"),
            new Port(587), null, null, SecureSocketOptions.NONE);

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryUnitSettings settings = new InMemoryUnitSettings();
    private final InMemoryOrgUnits units = new InMemoryOrgUnits(settings).withOneStore();
    private final InMemoryMessageQueue queue = new InMemoryMessageQueue();
    private final RecordingForwarder forwarder = new RecordingForwarder();
    private final RecordingDeliveryEvents events = new RecordingDeliveryEvents();
    private final DeliveryConfig config = new DeliveryConfig("relay.example.com", "X-Store-Id", Duration.ofMinutes(10),
            new RetryPolicy(Duration.ofMinutes(1), 2.0, Duration.ofHours(1), LIFETIME, 0.0), 8, true);
    private final InMemoryRateLimits limits = new InMemoryRateLimits();
    private final SynchronousDelivery service = new SynchronousDelivery(queue, new DeliverMessageService(
            new ResolveStoreSettingsService(units, settings, ERP), new RateLimitService(units, limits),
            new InMemorySendSlots(), forwarder, queue, config, clock, () -> 0.5, events), clock);

    private MessageId enqueue(String... recipients) {
        return queue.enqueue(new NewMessage(UnitId.of("s1"), RoutingReason.STORE_HEADER, "store header names s1", ERP,
                Arrays.stream(recipients).map(EmailAddress::new).toList(), null,
                MessageContent.ofBytes("Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)),
                "erp.local", "192.0.2.7", clock.instant()));
    }

    private void companyHasServer() {
        settings.with("company", new UnitSettings(SERVER, null));
    }

    @Test
    void deliveredRecipientsAreToldWithTheirStoreAndTheMessagesTimeInTheQueueOnce() {
        companyHasServer();
        enqueue("a@example.org", "b@example.org");
        clock.advance(Duration.ofSeconds(3));

        service.deliverDue("w", 10);

        assertThat(events.outcomes).containsExactly("s1 DELIVERED 2");
        assertThat(events.finished).containsExactly(Duration.ofSeconds(3));
        assertThat(events.upstreamAttempts).singleElement().satisfies(nanos -> assertThat(nanos).isPositive());
        assertThat(events.retries).isZero();
    }

    @Test
    void aTemporaryFailureIsDeferredAndSchedulesARetryAndTheMessageIsNotFinished() {
        companyHasServer();
        forwarder.replyToAll(new UpstreamReply(451, "4.3.0 try again"));
        enqueue("a@example.org");

        service.deliverDue("w", 10);

        assertThat(events.outcomes).containsExactly("s1 DEFERRED 1");
        assertThat(events.retries).isEqualTo(1);
        assertThat(events.finished).isEmpty();
        assertThat(events.upstreamAttempts).hasSize(1);
    }

    @Test
    void eachRecipientCountsWithItsOwnOutcomeAndAFailureQueuesABounce() {
        companyHasServer();
        forwarder.reply("bad@example.org", new UpstreamReply(550, "5.1.1 unknown user"));
        enqueue("good@example.org", "bad@example.org");

        service.deliverDue("w", 10);

        assertThat(events.outcomes).containsExactly("s1 DELIVERED 1", "s1 FAILED 1");
        assertThat(events.finished).containsExactly(Duration.ZERO);
        assertThat(events.bounces).isEqualTo(1);
    }

    @Test
    void heldMailIsToldAsHeldWithoutAnUpstreamAttemptAndExpiresAtTheQueueLifetime() {
        enqueue("a@example.org");

        service.deliverDue("w", 10);
        assertThat(events.outcomes).containsExactly("s1 HELD 1");
        assertThat(events.retries).as("a hold waits for settings, it is no retry").isZero();
        assertThat(events.finished).isEmpty();

        clock.advance(LIFETIME);
        service.deliverDue("w", 10);
        assertThat(events.outcomes).containsExactly("s1 HELD 1", "s1 EXPIRED 1");
        assertThat(events.finished).containsExactly(LIFETIME);
        assertThat(events.upstreamAttempts).isEmpty();
    }

    @Test
    void aWaitForTheStoresSendSlotIsNoOutcome() {
        companyHasServer();
        limits.saveRateLimit(UnitId.of("company"), new RateLimit(30));
        enqueue("a@example.org");
        enqueue("b@example.org");

        service.deliverDue("w", 10);

        assertThat(events.outcomes).containsExactly("s1 DELIVERED 1");
        assertThat(events.retries).isZero();
    }

    @Test
    void aMessageThatFoundNoFreeConnectionWasNotAttempted() {
        companyHasServer();
        forwarder.notSending("every connection of the store is open");
        enqueue("a@example.org");

        service.deliverDue("w", 10);

        assertThat(events.outcomes).isEmpty();
        assertThat(events.upstreamAttempts).isEmpty();
    }
}
