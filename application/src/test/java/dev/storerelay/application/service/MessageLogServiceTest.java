package dev.storerelay.application.service;

import dev.storerelay.application.testing.RecordingForwarder;
import dev.storerelay.application.testing.MutableClock;
import dev.storerelay.application.testing.RecordingAuditLog;
import dev.storerelay.application.testing.InMemoryMessageQueue;
import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.testing.InMemoryOrgUnits;
import dev.storerelay.application.testing.CountingSignal;
import dev.storerelay.application.testing.InMemoryMessageQueue;
import dev.storerelay.application.testing.InMemoryRateLimits;
import dev.storerelay.application.testing.InMemorySendSlots;
import dev.storerelay.application.testing.SynchronousDelivery;
import dev.storerelay.application.port.out.DeliveryEventsPort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.out.MessageQuery;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import dev.storerelay.domain.model.UpstreamReply;
import dev.storerelay.domain.policy.RetryPolicy;
import dev.storerelay.domain.model.AuditEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageLogServiceTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final Duration LIFETIME = Duration.ofDays(5);

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryUnitSettings settings = new InMemoryUnitSettings();
    private final InMemoryOrgUnits units = new InMemoryOrgUnits(settings).withTwoStores();
    private final InMemoryMessageQueue queue = new InMemoryMessageQueue();
    private final RecordingForwarder forwarder = new RecordingForwarder();
    private final CountingSignal signal = new CountingSignal();
    private final SynchronousDelivery delivery = new SynchronousDelivery(queue, new DeliverMessageService(
            new ResolveStoreSettingsService(units, settings, new EmailAddress("no-reply@localhost")),
            new RateLimitService(units, new InMemoryRateLimits()), new InMemorySendSlots(), forwarder, queue,
            new DeliveryConfig("relay", "X-Store-Id", Duration.ofMinutes(10),
                    new RetryPolicy(Duration.ofMinutes(1), 2.0, Duration.ofHours(1), LIFETIME, 0.0), Integer.MAX_VALUE, false),
            clock, () -> 0.5, DeliveryEventsPort.NONE), clock);
    private final MessageLogService service = new MessageLogService(units, queue, queue, signal, clock, AuditTrail.NONE);

    private MessageId enqueue(String store, String... recipients) {
        return queue.enqueue(new NewMessage(UnitId.of(store), RoutingReason.STORE_HEADER, "header", null,
                List.of(recipients).stream().map(EmailAddress::new).toList(), null, MessageContent.ofBytes(new byte[] {'x'}),
                "erp", "127.0.0.1", clock.instant()));
    }

    private void giveCompanyAServer() {
        settings.with("company", new UnitSettings(new SmtpConnection(new ServerAddress("mail.example.com"), new Port(25),
                null, null, SecureSocketOptions.NONE), null));
    }

    @Test
    void retryingAnUnknownMessageIsNotFound() {
        assertThat(service.retry(new MessageId(99))).isInstanceOf(Outcome.NotFound.class);
        assertThat(signal.count()).isZero();
    }

    @Test
    void retryingADeliveredMessageIsAConflict() {
        giveCompanyAServer();
        MessageId id = enqueue("s1", "a@example.org");
        delivery.deliverDue("w", 10);
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.DELIVERED);

        assertThat(service.retry(id)).isInstanceOf(Outcome.Conflict.class);
        assertThat(signal.count()).isZero();
    }

    @Test
    void discardingAQueuedMessageFailsItsPendingRecipientsForGood() {
        giveCompanyAServer();
        forwarder.reply("slow@example.org", new UpstreamReply(451, "4.3.0 later"));
        MessageId id = enqueue("s1", "ok@example.org", "slow@example.org");
        delivery.deliverDue("w", 10);
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.QUEUED);

        assertThat(service.discard(id)).isEqualTo(Outcome.done());

        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.FAILED);
        assertThat(queue.view(id).recipients()).extracting(r -> r.address() + " " + r.status() + " " + r.lastReply())
                .contains("slow@example.org FAILED discarded by an admin");
        assertThat(queue.view(id).recipients()).extracting(r -> r.status().name()).contains("DELIVERED");
        clock.advance(Duration.ofDays(1));
        assertThat(delivery.deliverDue("w", 10)).isZero();
        assertThat(service.discard(id)).isInstanceOf(Outcome.Conflict.class);
        assertThat(service.discard(new MessageId(99))).isInstanceOf(Outcome.NotFound.class);
    }

    @Test
    void aRetryAndADiscardAreAuditedWithTheActingUserAndTheMessageButARefusedOneIsNot() {
        RecordingAuditLog trail = new RecordingAuditLog();
        MessageLogService audited = new MessageLogService(units, queue, queue, signal, clock,
                new AuditTrail(trail, () -> Optional.of("alice"), clock));
        giveCompanyAServer();
        forwarder.reply("bad@example.org", new UpstreamReply(550, "5.1.1 unknown"));
        MessageId failed = enqueue("s1", "bad@example.org");
        delivery.deliverDue("w", 10);
        forwarder.reply("slow@example.org", new UpstreamReply(451, "4.3.0 later"));
        MessageId queued = enqueue("s2", "slow@example.org");
        delivery.deliverDue("w", 10);

        assertThat(audited.retry(failed)).isEqualTo(Outcome.done());
        assertThat(audited.discard(queued)).isEqualTo(Outcome.done());
        assertThat(audited.discard(queued)).isInstanceOf(Outcome.Conflict.class);
        assertThat(audited.retry(new MessageId(99))).isInstanceOf(Outcome.NotFound.class);

        assertThat(trail.entries()).extracting(e -> e.actor() + " " + e.unit() + " " + e.field() + ": " + e.change()).containsExactly(
                "alice s1 Message " + failed + ": retried now (was failed)",
                "alice s2 Message " + queued + ": discarded: its undelivered recipients failed");
        assertThat(trail.entries()).extracting(AuditEntry::at).containsOnly(clock.instant());
    }

    @Test
    void retryingAFailedMessageMakesItsUndeliveredRecipientsDueNow() {
        giveCompanyAServer();
        forwarder.reply("bad@example.org", new UpstreamReply(550, "5.1.1 unknown"));
        MessageId id = enqueue("s1", "ok@example.org", "bad@example.org");
        delivery.deliverDue("w", 10);
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.FAILED);

        clock.advance(Duration.ofHours(3));
        assertThat(service.retry(id)).isEqualTo(Outcome.done());
        assertThat(signal.count()).isEqualTo(1);
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(queue.view(id).nextAttemptAt()).isEqualTo(clock.instant());

        forwarder.replyToAll(RecordingForwarder.OK);
        assertThat(delivery.deliverDue("w", 10)).isEqualTo(1);
        assertThat(forwarder.last().recipients()).extracting(EmailAddress::value).containsExactly("bad@example.org");
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.DELIVERED);
    }

    @Test
    void retryingAHeldMessageMakesItDueNow() {
        MessageId id = enqueue("s1", "a@example.org");
        delivery.deliverDue("w", 10);
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.HELD);

        assertThat(service.retry(id)).isEqualTo(Outcome.done());
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(delivery.deliverDue("w", 10)).isEqualTo(1);
        assertThat(queue.view(id).status()).as("still no server: held again").isEqualTo(MessageStatus.HELD);
    }

    @Test
    void retryingAnExpiredMessageGivesItAnotherChance() {
        MessageId id = enqueue("s1", "a@example.org");
        clock.advance(LIFETIME);
        delivery.deliverDue("w", 10);
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.EXPIRED);

        giveCompanyAServer();
        assertThat(service.retry(id)).isEqualTo(Outcome.done());
        assertThat(queue.view(id).recipients()).extracting(MessageView.RecipientView::status).containsOnly(RecipientStatus.PENDING);
    }

    @Test
    void aUnitFilterTakesInEveryUnitBelowItAndAnUnknownUnitIsNotAnEmptyLog() {
        MessageId first = enqueue("s1", "a@example.org");
        MessageId second = enqueue("s2", "b@example.org");

        assertThat(service.messages(new MessageQuery(UnitId.of("company"), null, 50, 0)).orElseThrow())
                .extracting(MessageView::id).containsExactlyInAnyOrder(first, second);
        assertThat(service.messages(new MessageQuery(UnitId.of("s2"), null, 50, 0)).orElseThrow())
                .extracting(MessageView::id).containsExactly(second);
        assertThat(service.messages(new MessageQuery(UnitId.of("s9"), null, 50, 0))).isEmpty();
    }

    @Test
    void theRootTakesInTheMailOfStoresRemovedSince() {
        MessageId removed = queue.enqueue(new NewMessage(UnitId.of("closed-store"), RoutingReason.STORE_HEADER, "header",
                null, List.of(new EmailAddress("a@example.org")), null, MessageContent.ofBytes(new byte[] {'x'}), "erp",
                "127.0.0.1", clock.instant()));
        MessageId kept = enqueue("s1", "b@example.org");

        assertThat(service.messages(new MessageQuery(UnitId.of("company"), null, 50, 0)).orElseThrow())
                .extracting(MessageView::id).containsExactlyInAnyOrder(removed, kept);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "null | null      | 3",
            "s1   | null      | 2",
            "s2   | null      | 1",
            "null | HELD      | 2",
            "s1   | HELD      | 2",
            "s2   | HELD      | 0",
            "null | DELIVERED | 1",
            "s2   | DELIVERED | 1",
            "null | FAILED    | 0"})
    void listsMessagesByStoreAndStatus(String store, MessageStatus status, int count) {
        enqueue("s1", "a@example.org");
        enqueue("s1", "b@example.org");
        delivery.deliverDue("w", 10);
        settings.with("s2", new UnitSettings(new SmtpConnection(new ServerAddress("mail.example.com"), null, null, null,
                SecureSocketOptions.NONE), null));
        enqueue("s2", "c@example.org");
        delivery.deliverDue("w", 10);

        List<MessageView> found = service.messages(new MessageQuery(store == null ? null : UnitId.of(store), status, 50, 0))
                .orElseThrow();
        assertThat(found).hasSize(count);
        assertThat(found).allSatisfy(m -> {
            if (store != null) {
                assertThat(m.store()).isEqualTo(UnitId.of(store));
            }
            if (status != null) {
                assertThat(m.status()).isEqualTo(status);
            }
        });
    }

    @Test
    void readsOneMessage() {
        MessageId id = enqueue("s1", "a@example.org");
        assertThat(service.message(id)).map(MessageView::id).contains(id);
        assertThat(service.message(new MessageId(42))).isEmpty();
    }
}
