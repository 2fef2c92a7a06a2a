package dev.storerelay.delivery;

import dev.storerelay.application.service.AuditTrail;

import dev.storerelay.application.service.UpdateUnitSettingsService;

import dev.storerelay.application.service.ResolveStoreSettingsService;
import dev.storerelay.application.service.RateLimitService;
import dev.storerelay.application.service.RelayMessageService;
import dev.storerelay.application.service.DeliveryConfig;
import dev.storerelay.application.testing.InMemoryMessageQueue;
import dev.storerelay.application.testing.CountingSignal;
import dev.storerelay.application.testing.MutableClock;
import dev.storerelay.application.testing.RecordingForwarder;
import dev.storerelay.application.testing.InMemorySendSlots;

import dev.storerelay.application.testing.InMemoryMessageQueue;
import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.testing.InMemoryOrgUnits;
import dev.storerelay.application.testing.InMemoryUnitRouting;

import dev.storerelay.domain.model.UpstreamLogin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.application.port.out.OutgoingMessage;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.PasswordChange;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.SmtpSettingsForm;
import dev.storerelay.domain.model.TlsBehaviour;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import dev.storerelay.domain.model.UpstreamReply;
import dev.storerelay.domain.policy.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import dev.storerelay.application.port.in.RelayMessageCommand;
import dev.storerelay.application.port.in.RelayResult;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.ConnectionQuota;
import dev.storerelay.application.testing.InMemoryRateLimits;
import dev.storerelay.application.port.out.ForwardMessagePort;
import dev.storerelay.application.port.out.MessageContextPort;
import dev.storerelay.application.port.out.SendSlotsPort;
import dev.storerelay.domain.model.ConnectionLimit;
import dev.storerelay.domain.model.RateLimit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryDispatcherTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final Duration LIFETIME = Duration.ofDays(5);
    private static final EmailAddress SYSTEM_DEFAULT = new EmailAddress("no-reply@localhost");
    private static final EmailAddress ERP = new EmailAddress("erp@legacy.local");
    private static final byte[] BYTES = "X-Store-Id: s1\r\nFrom: Orders <erp@legacy.local>\r\n\r\nbody\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final SmtpConnection NORTH_SERVER = new SmtpConnection(new ServerAddress("smtp.north.example"),
            new Port(587), "north", new Secret("north-pw"), SecureSocketOptions.START_TLS);

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryUnitSettings settings = new InMemoryUnitSettings();
    private final InMemoryOrgUnits units = new InMemoryOrgUnits(settings).withStoreInRegion();
    private final InMemoryMessageQueue queue = new InMemoryMessageQueue();
    private final DeferrableRecording recordings = new DeferrableRecording(queue);
    private final RecordingForwarder forwarder = new RecordingForwarder();
    private final DeliveryConfig config = new DeliveryConfig("relay.example.com", "X-Store-Id", Duration.ofMinutes(10),
            new RetryPolicy(Duration.ofMinutes(1), 2.0, Duration.ofHours(1), LIFETIME, 0.0), Integer.MAX_VALUE, false);
    private final DeliveryDispatcher service = dispatcher(forwarder, config).build();

    private TestDispatcher dispatcher(ForwardMessagePort upstream, DeliveryConfig deliveryConfig) {
        return new TestDispatcher(queue, recordings, units, new ResolveStoreSettingsService(units, settings, SYSTEM_DEFAULT),
                upstream, deliveryConfig, clock);
    }

    /** The test's delivery settings with another cap per store and bounces on or off. */
    private DeliveryConfig configWith(int maxDeliveriesPerStore, boolean bounces) {
        return new DeliveryConfig(config.relayHostName(), config.storeHeaderName(), config.lease(), config.retry(),
                maxDeliveriesPerStore, bounces);
    }

    private MessageId enqueue(EmailAddress sender, String... recipients) {
        return queue.enqueue(new NewMessage(UnitId.of("s1"), RoutingReason.STORE_HEADER, "store header names s1", sender,
                Arrays.stream(recipients).map(EmailAddress::new).toList(), "Orders", MessageContent.ofBytes(BYTES),
                "erp.local", "192.0.2.7", clock.instant()));
    }

    private void northHasServerAndStoreHasSender() {
        settings.with("north", new UnitSettings(NORTH_SERVER, null))
                .with("s1", new UnitSettings(null, new EmailAddress("s1@example.com")));
    }

    private Map<String, RecipientStatus> recipients(MessageId id) {
        return queue.view(id).recipients().stream()
                .collect(Collectors.toMap(MessageView.RecipientView::address, MessageView.RecipientView::status));
    }

    private DeliveryAttempt lastAttempt() {
        return queue.attempts().get(queue.attempts().size() - 1);
    }

    /** The message each thread works on, as the log's context would have it, and every message entered. */
    private static final class ThreadMessageContext implements MessageContextPort {
        final ThreadLocal<MessageId> current = new ThreadLocal<>();
        final List<MessageId> entered = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Scope enter(MessageId id, UnitId store, String messageIdHeader) {
            MessageId before = current.get();
            current.set(id);
            entered.add(id);
            return () -> current.set(before);
        }
    }

    @Test
    void eachMessageIsNamedToTheContextWhileItIsDeliveredAndWhenItsOutcomeIsRecordedAndNoLonger() {
        northHasServerAndStoreHasSender();
        MessageId first = enqueue(ERP, "a@example.org");
        MessageId second = enqueue(ERP, "b@example.org");
        ThreadMessageContext context = new ThreadMessageContext();
        List<String> seenByTheForwarder = new java.util.ArrayList<>();
        ForwardMessagePort seeing = message -> {
            seenByTheForwarder.add(message.queueId() + " in the context of " + context.current.get());
            return forwarder.forward(message);
        };
        DeliveryDispatcher named = dispatcher(seeing, config).context(context).build();
        recordings.defer();

        assertThat(named.deliverDue("w1", 10)).isEqualTo(2);

        assertThat(seenByTheForwarder).containsExactly(first + " in the context of " + first,
                second + " in the context of " + second);
        assertThat(context.current.get()).as("nothing left behind on the thread").isNull();
        context.entered.clear();
        recordings.complete();
        assertThat(context.entered).as("the recordings' completions, on the recording thread").containsExactly(first, second);
        assertThat(context.current.get()).isNull();
    }

    @Test
    void deliversWithTheRewrittenSenderTheTraceHeaderAndTheStoreHeaderRemoved() throws Exception {
        northHasServerAndStoreHasSender();
        MessageId id = enqueue(ERP, "a@example.org", "b@example.org");
        clock.advance(Duration.ofSeconds(3));

        assertThat(service.deliverDue("w1", 10)).isEqualTo(1);

        OutgoingMessage sent = forwarder.last();
        assertThat(sent.queueId()).isEqualTo(id.toString());
        assertThat(sent.plan().host().value()).isEqualTo("smtp.north.example");
        assertThat(sent.plan().port()).isEqualTo(587);
        assertThat(sent.plan().tls()).isEqualTo(TlsBehaviour.STARTTLS_REQUIRED);
        assertThat(sent.plan().login()).hasValueSatisfying(c -> assertThat(((UpstreamLogin.Password) c).password()).isEqualTo(new Secret("north-pw")));
        assertThat(sent.sender().envelopeSender()).isEqualTo(new EmailAddress("s1@example.com"));
        assertThat(sent.sender().fromAddress()).isEqualTo(new EmailAddress("s1@example.com"));
        assertThat(sent.sender().fromDisplayName()).isEqualTo("Orders");
        assertThat(sent.recipients()).extracting(EmailAddress::value).containsExactly("a@example.org", "b@example.org");
        assertThat(sent.removeHeaders()).containsExactly("X-Store-Id");
        assertThat(sent.receivedHeader())
                .isEqualTo("from erp.local (192.0.2.7) by relay.example.com (store-relay) with ESMTP id " + id
                        + "; Fri, 1 Mar 2024 10:00:00 +0000");
        try (var in = sent.content().open()) {
            assertThat(in.readAllBytes()).isEqualTo(BYTES);
        }

        MessageView view = queue.view(id);
        assertThat(view.status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(view.attempts()).isEqualTo(1);
        assertThat(view.lastAttemptAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(lastAttempt().counts()).isTrue();
        assertThat(lastAttempt().held()).isFalse();
        assertThat(lastAttempt().nextAttemptAt()).isNull();
        assertThat(lastAttempt().summary()).startsWith("2 of 2 recipient(s) delivered");
        assertThat(service.nextDueAt()).isEmpty();
        assertThat(service.deliverDue("w1", 10)).isZero();
    }

    @Test
    void theNullReversePathStaysNullAndWithoutSenderTheSystemDefaultIsUsed() {
        settings.with("north", new UnitSettings(NORTH_SERVER, null));
        enqueue(null, "a@example.org");
        service.deliverDue("w1", 10);
        assertThat(forwarder.last().sender().envelopeSender()).isNull();
        assertThat(forwarder.last().sender().fromAddress()).isEqualTo(SYSTEM_DEFAULT);
    }

    @ParameterizedTest
    @CsvSource({"421, 4.7.0 try later", "450, 4.2.1 mailbox busy", "451, 4.3.0 local error", "452, 4.5.3 too many"})
    void aTemporaryFailureIsRetriedWithExponentialBackoff(int code, String text) {
        northHasServerAndStoreHasSender();
        forwarder.replyToAll(new UpstreamReply(code, text));
        MessageId id = enqueue(ERP, "a@example.org");

        service.deliverDue("w1", 10);
        MessageView view = queue.view(id);
        assertThat(view.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(view.nextAttemptAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(view.recipients().get(0).lastReply()).isEqualTo(code + " " + text);
        assertThat(service.nextDueAt()).contains(T0.plus(Duration.ofMinutes(1)));

        clock.advance(Duration.ofSeconds(59));
        assertThat(service.deliverDue("w1", 10)).isZero();

        clock.advance(Duration.ofSeconds(1));
        assertThat(service.deliverDue("w1", 10)).isEqualTo(1);
        assertThat(queue.view(id).nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));
        assertThat(queue.view(id).attempts()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(2));
        service.deliverDue("w1", 10);
        assertThat(queue.view(id).nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(4)));
        assertThat(forwarder.sent).hasSize(3);
    }

    @Test
    void noReplyFromTheServerIsRetried() {
        northHasServerAndStoreHasSender();
        forwarder.replyToAll(UpstreamReply.noReply("connect timed out"));
        MessageId id = enqueue(ERP, "a@example.org", "b@example.org");
        service.deliverDue("w1", 10);
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(recipients(id)).containsOnlyKeys("a@example.org", "b@example.org").containsValues(RecipientStatus.PENDING);
        assertThat(lastAttempt().counts()).isTrue();
        assertThat(queue.view(id).lastError()).contains("connect timed out");
    }

    @ParameterizedTest
    @CsvSource({"550, 5.1.1 no such user", "552, 5.2.2 mailbox full", "554, 5.7.1 relay denied"})
    void aPermanentFailureFailsTheRecipientAndKeepsTheReply(int code, String text) {
        northHasServerAndStoreHasSender();
        forwarder.replyToAll(new UpstreamReply(code, text));
        MessageId id = enqueue(ERP, "a@example.org");
        service.deliverDue("w1", 10);
        MessageView view = queue.view(id);
        assertThat(view.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(view.recipients()).singleElement().satisfies(r -> assertThat(r.lastReply()).isEqualTo(code + " " + text));
        assertThat(view.lastError()).contains(text);
        assertThat(service.nextDueAt()).isEmpty();
    }

    @Test
    void recipientsAreTrackedOneByOne() {
        northHasServerAndStoreHasSender();
        forwarder.reply("ok@example.org", RecordingForwarder.OK)
                .reply("later@example.org", new UpstreamReply(451, "4.2.0 greylisted"))
                .reply("bad@example.org", new UpstreamReply(550, "5.1.1 unknown"));
        MessageId id = enqueue(ERP, "ok@example.org", "later@example.org", "bad@example.org");

        service.deliverDue("w1", 10);
        assertThat(recipients(id)).containsEntry("ok@example.org", RecipientStatus.DELIVERED)
                .containsEntry("later@example.org", RecipientStatus.PENDING)
                .containsEntry("bad@example.org", RecipientStatus.FAILED);
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.QUEUED);

        forwarder.reply("later@example.org", RecordingForwarder.OK);
        clock.advance(Duration.ofMinutes(1));
        service.deliverDue("w1", 10);
        assertThat(forwarder.last().recipients()).extracting(EmailAddress::value).containsExactly("later@example.org");
        assertThat(recipients(id)).containsEntry("later@example.org", RecipientStatus.DELIVERED);
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.FAILED);
    }

    @Test
    void aStoreWithoutServerHoldsItsMailUntilSettingsAppear() {
        settings.with("s1", new UnitSettings(null, new EmailAddress("s1@example.com")));
        MessageId id = enqueue(ERP, "a@example.org");

        assertThat(service.deliverDue("w1", 10)).isEqualTo(1);
        assertThat(forwarder.sent).isEmpty();
        DeliveryAttempt hold = lastAttempt();
        assertThat(hold.held()).isTrue();
        assertThat(hold.counts()).isFalse();
        assertThat(hold.nextAttemptAt()).isEqualTo(T0.plus(LIFETIME));
        assertThat(hold.summary()).contains("no SMTP server").contains("s1");
        MessageView view = queue.view(id);
        assertThat(view.status()).isEqualTo(MessageStatus.HELD);
        assertThat(view.attempts()).isZero();
        assertThat(service.nextDueAt()).contains(T0.plus(LIFETIME));

        clock.advance(Duration.ofHours(2));
        assertThat(service.deliverDue("w1", 10)).isZero();

        CountingSignal signal = new CountingSignal();
        UpdateUnitSettingsService update = new UpdateUnitSettingsService(units, settings, queue, queue, signal, clock, AuditTrail.NONE, (delay, task) -> { });
        update.updateSettings(UnitId.of("north"), new SmtpSettingsForm("smtp.north.example", null, null,
                new PasswordChange.Keep(), "AUTO", null));
        assertThat(signal.count()).isEqualTo(1);

        assertThat(service.deliverDue("w1", 10)).isEqualTo(1);
        assertThat(forwarder.last().plan().host().value()).isEqualTo("smtp.north.example");
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(queue.view(id).attempts()).isEqualTo(1);
    }

    @Test
    void heldMailExpiresAtTheQueueLifetime() {
        MessageId id = enqueue(ERP, "a@example.org", "b@example.org");
        service.deliverDue("w1", 10);
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.HELD);

        clock.advance(LIFETIME);
        assertThat(service.deliverDue("w1", 10)).isEqualTo(1);
        assertThat(forwarder.sent).isEmpty();
        assertThat(lastAttempt().counts()).isFalse();
        assertThat(lastAttempt().nextAttemptAt()).isNull();
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.EXPIRED);
        assertThat(recipients(id)).containsValues(RecipientStatus.EXPIRED).doesNotContainValue(RecipientStatus.PENDING);
        assertThat(queue.view(id).recipients()).allSatisfy(r -> assertThat(r.lastReply()).contains("expired while held"));
        assertThat(service.nextDueAt()).isEmpty();
    }

    @Test
    void aStoreRemovedAfterAcceptanceHoldsItsMail() {
        MessageId id = enqueue(ERP, "a@example.org");
        units.deleteUnit(UnitId.of("s1"));
        service.deliverDue("w1", 10);
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.HELD);
        assertThat(lastAttempt().summary()).contains("no longer exists");
    }

    @Test
    void temporaryFailuresExpireAtTheQueueLifetime() {
        northHasServerAndStoreHasSender();
        forwarder.replyToAll(new UpstreamReply(451, "4.3.0 try again"));
        MessageId id = enqueue(ERP, "a@example.org");
        clock.advance(LIFETIME.minus(Duration.ofSeconds(30)));

        service.deliverDue("w1", 10);
        assertThat(queue.view(id).nextAttemptAt()).as("last retry clamped to the expiry").isEqualTo(T0.plus(LIFETIME));

        clock.set(T0.plus(LIFETIME));
        service.deliverDue("w1", 10);
        MessageView view = queue.view(id);
        assertThat(view.status()).isEqualTo(MessageStatus.EXPIRED);
        assertThat(view.recipients()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RecipientStatus.EXPIRED);
            assertThat(r.lastReply()).isEqualTo("451 4.3.0 try again");
        });
        assertThat(lastAttempt().counts()).isTrue();
        assertThat(forwarder.sent).hasSize(2);
    }

    @Test
    void settingsAreResolvedAtDeliveryTimeNotAtAcceptTime() {
        northHasServerAndStoreHasSender();
        enqueue(ERP, "a@example.org");
        settings.with("north", new UnitSettings(new SmtpConnection(new ServerAddress("new.north.example"), null, null, null,
                SecureSocketOptions.SSL_ON_CONNECT), null));
        settings.with("s1", new UnitSettings(null, new EmailAddress("store1@example.com")));

        service.deliverDue("w1", 10);
        assertThat(forwarder.last().plan().host().value()).isEqualTo("new.north.example");
        assertThat(forwarder.last().plan().port()).isEqualTo(465);
        assertThat(forwarder.last().plan().tls()).isEqualTo(TlsBehaviour.IMPLICIT_TLS);
        assertThat(forwarder.last().plan().login()).isEmpty();
        assertThat(forwarder.last().sender().envelopeSender()).isEqualTo(new EmailAddress("store1@example.com"));
    }

    @Test
    void processesAtMostTheRequestedNumberOldestFirst() {
        northHasServerAndStoreHasSender();
        MessageId first = enqueue(ERP, "a@example.org");
        clock.advance(Duration.ofSeconds(1));
        MessageId second = enqueue(ERP, "b@example.org");
        clock.advance(Duration.ofSeconds(1));
        MessageId third = enqueue(ERP, "c@example.org");

        assertThat(service.deliverDue("w1", 2)).isEqualTo(2);
        assertThat(forwarder.sent).extracting(OutgoingMessage::queueId).containsExactly(first.toString(), second.toString());
        assertThat(queue.view(third).status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(service.deliverDue("w1", 2)).isEqualTo(1);
        assertThat(service.deliverDue("w1", 2)).isZero();
    }

    @Test
    void aMessageLeasedByAnotherWorkerIsLeftAlone() {
        northHasServerAndStoreHasSender();
        enqueue(ERP, "a@example.org");
        queue.claimDue(clock.instant(), 10, "other", clock.instant().plus(Duration.ofMinutes(10)));

        assertThat(service.deliverDue("w1", 10)).isZero();
        clock.advance(Duration.ofMinutes(10));
        assertThat(service.deliverDue("w1", 10)).as("the lapsed lease is taken over").isEqualTo(1);
        assertThat(forwarder.sent).hasSize(1);
    }

    @Test
    void nothingDueMeansNothingSent() {
        assertThat(service.deliverDue("w1", 10)).isZero();
        assertThat(service.nextDueAt()).isEmpty();
        assertThat(forwarder.sent).isEmpty();
        assertThat(queue.attempts()).isEmpty();
    }

    @Test
    void aRateLimitedStoresMailIsSpreadAndTheThreadMovesOn() {
        northHasServerAndStoreHasSender();
        InMemoryRateLimits limits = new InMemoryRateLimits();
        limits.saveRateLimit(UnitId.of("north"), new RateLimit(30));
        DeliveryDispatcher paced = dispatcher(forwarder, config).rateLimits(new RateLimitService(units, limits)).build();
        MessageId first = enqueue(ERP, "a@example.org");
        MessageId second = enqueue(ERP, "b@example.org");
        MessageId third = enqueue(ERP, "c@example.org");

        assertThat(paced.deliverDue("w", 10)).isEqualTo(3);
        assertThat(forwarder.sent).hasSize(1);
        assertThat(queue.view(first).status()).isEqualTo(MessageStatus.DELIVERED);
        // 30 per minute: one every 2 s, and 2% more (the pacer's margin).
        assertThat(queue.view(second).nextAttemptAt()).isEqualTo(T0.plusMillis(2_040));
        assertThat(queue.view(third).nextAttemptAt()).isEqualTo(T0.plusMillis(4_080));
        assertThat(queue.view(second).attempts()).as("a deferral is no attempt").isZero();

        clock.set(T0.plusMillis(2_040));
        paced.deliverDue("w", 10);
        assertThat(forwarder.sent).hasSize(2);
        assertThat(queue.view(second).status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(queue.view(third).status()).isEqualTo(MessageStatus.QUEUED);

        clock.set(T0.plusMillis(4_080));
        paced.deliverDue("w", 10);
        assertThat(forwarder.sent).hasSize(3);
    }

    @Test
    void twoProcessesShareTheStoresSendSlotsAndADeferredMessageKeepsItsSlotWhoeverClaimsIt() {
        northHasServerAndStoreHasSender();
        InMemoryRateLimits limits = new InMemoryRateLimits();
        limits.saveRateLimit(UnitId.of("north"), new RateLimit(30));
        // One slot table for both, as the database is for two relay processes; all else is each process's own.
        SendSlotsPort shared = new InMemorySendSlots();
        DeliveryDispatcher first = dispatcher(forwarder, config).rateLimits(new RateLimitService(units, limits)).sendSlots(shared).build();
        DeliveryDispatcher second = dispatcher(forwarder, config).rateLimits(new RateLimitService(units, limits)).sendSlots(shared).build();
        MessageId a = enqueue(ERP, "a@example.org");
        MessageId b = enqueue(ERP, "b@example.org");

        assertThat(first.deliverDue("w1", 10)).isEqualTo(2);
        assertThat(queue.view(a).status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(queue.view(b).nextAttemptAt()).isEqualTo(T0.plusMillis(2_040));

        MessageId c = enqueue(ERP, "c@example.org");
        assertThat(second.deliverDue("w2", 10)).isEqualTo(1);
        assertThat(queue.view(c).nextAttemptAt()).as("the other process's slots are taken").isEqualTo(T0.plusMillis(4_080));

        clock.set(T0.plusMillis(2_040));
        second.deliverDue("w2", 10);
        assertThat(queue.view(b).status()).as("sent at the slot the first process gave it").isEqualTo(MessageStatus.DELIVERED);
        assertThat(queue.view(c).status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(forwarder.sent).hasSize(2);

        clock.set(T0.plusMillis(4_080));
        first.deliverDue("w1", 10);
        assertThat(queue.view(c).status()).isEqualTo(MessageStatus.DELIVERED);
    }

    @Test
    void aCapSetOnAUnitGoesUpstreamAsTheStoresQuotaAndAMessageWithoutAFreeConnectionWaitsASecondUntried() {
        northHasServerAndStoreHasSender();
        InMemoryRateLimits limits = new InMemoryRateLimits();
        DeliveryDispatcher withLimits = dispatcher(forwarder, config).rateLimits(new RateLimitService(units, limits)).build();
        enqueue(ERP, "a@example.org");
        withLimits.deliverDue("w", 10);
        assertThat(forwarder.last().quota()).as("the operator's default is no quota").isNull();

        limits.saveConnectionLimit(UnitId.of("north"), new ConnectionLimit(2));
        enqueue(ERP, "b@example.org");
        withLimits.deliverDue("w", 10);
        assertThat(forwarder.last().quota()).isEqualTo(new ConnectionQuota(UnitId.of("s1"), 2));

        forwarder.notSending("store s1 has its 2 upstream connection(s) open");
        MessageId waiting = enqueue(ERP, "c@example.org");
        assertThat(withLimits.deliverDue("w", 10)).isEqualTo(1);

        assertThat(queue.view(waiting).status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(queue.view(waiting).attempts()).as("the upstream was not asked: no attempt").isZero();
        assertThat(queue.attempts()).noneMatch(a -> a.id().equals(waiting));
        assertThat(queue.view(waiting).nextAttemptAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(queue.claimDue(T0.plusSeconds(1), 10, "w2", T0.plusSeconds(60))).as("given back, not leased")
                .extracting(ClaimedMessage::id).containsExactly(waiting);
    }

    @Test
    void aStoreAtItsMaximumOfDeliveriesWaitsSoAHangingUpstreamCannotTakeEveryThread() throws Exception {
        northHasServerAndStoreHasSender();
        HangingUpstream hanging = new HangingUpstream();
        // The operator's default allows 8; the region's own cap of 1 applies to its stores.
        DeliveryConfig eightPerStore = configWith(8, false);
        InMemoryRateLimits limits = new InMemoryRateLimits();
        limits.saveConnectionLimit(UnitId.of("north"), new ConnectionLimit(1));
        DeliveryDispatcher capped = dispatcher(hanging, eightPerStore).rateLimits(new RateLimitService(units, limits)).build();
        MessageId first = enqueue(ERP, "a@example.org");
        Thread worker = new Thread(() -> capped.deliverDue("w1", 1));
        worker.start();
        hanging.awaitSending();
        MessageId second = enqueue(ERP, "b@example.org");

        // w2 claims the second message, finds the store at its cap and moves on instead of waiting for it.
        capped.deliverDue("w2", 1);

        assertThat(queue.view(second).status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(queue.attempts()).as("waiting its turn leaves no history").noneMatch(a -> a.id().equals(second));
        assertThat(queue.view(second).attempts()).isZero();
        assertThat(queue.claimDue(T0.plusSeconds(1), 10, "w3", T0.plusSeconds(60)))
                .as("it stays leased while it waits in memory").isEmpty();
        hanging.release();
        worker.join();
        // The thread that finished the first delivery takes the waiting one next, under w2's lease.
        assertThat(queue.view(first).status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(queue.view(second).status()).isEqualTo(MessageStatus.DELIVERED);
    }

    @Test
    void withBouncesOnAFailedRecipientIsReportedToTheSenderThroughTheSameStore() throws Exception {
        northHasServerAndStoreHasSender();
        DeliveryConfig bouncing = configWith(8, true);
        DeliveryDispatcher withBounces = dispatcher(forwarder, bouncing).build();
        forwarder.reply("bad@example.org", new UpstreamReply(550, "5.1.1 unknown user"));
        MessageId original = enqueue(ERP, "good@example.org", "bad@example.org");

        withBounces.deliverDue("w1", 10);

        MessageId bounceId = new MessageId(original.value() + 1);
        NewMessage bounce = queue.stored(bounceId);
        assertThat(bounce.store()).isEqualTo(UnitId.of("s1"));
        assertThat(bounce.routingReason()).isEqualTo(RoutingReason.BOUNCE);
        assertThat(bounce.envelopeSender()).as("the null reverse-path: a bounce never bounces").isNull();
        assertThat(bounce.recipients()).containsExactly(ERP);
        String report = new String(bounce.content().open().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(report).contains("Final-Recipient: rfc822; bad@example.org", "Status: 5.1.1",
                "Diagnostic-Code: smtp; 550 5.1.1 unknown user", "Content-Type: text/rfc822-headers")
                .doesNotContain("Final-Recipient: rfc822; good@example.org");

        // The bounce itself goes out like any message and, should it fail, is never reported again.
        forwarder.replyToAll(new UpstreamReply(550, "5.1.1 no such sender"));
        withBounces.deliverDue("w1", 10);
        assertThat(queue.view(bounceId).status()).isEqualTo(MessageStatus.FAILED);
        assertThat(queue.findMessage(new MessageId(bounceId.value() + 1))).isEmpty();
    }

    @Test
    void withBouncesOffNothingIsReported() {
        northHasServerAndStoreHasSender();
        forwarder.reply("bad@example.org", new UpstreamReply(550, "5.1.1 unknown user"));
        MessageId original = enqueue(ERP, "bad@example.org");

        service.deliverDue("w1", 10);

        assertThat(queue.view(original).status()).isEqualTo(MessageStatus.FAILED);
        assertThat(queue.findMessage(new MessageId(original.value() + 1))).isEmpty();
    }

    /** A hand-off with room for one, a service delivering through {@code forwarder}, and one message handed off. */
    private record HandOff(DeliveryHandoff handoff, DeliveryDispatcher service, RelayResult.Accepted accepted) {
    }

    private HandOff handOffOne(ForwardMessagePort through) {
        DeliveryHandoff handoff = new DeliveryHandoff("relay-1/handoff", 1, config.lease());
        DeliveryDispatcher handedOff = dispatcher(through, config).handoff(handoff).build();
        RelayMessageService relay = new RelayMessageService(units, new InMemoryUnitRouting(), new Submissions(queue, new CountingSignal(), handoff), clock);
        RelayResult.Accepted accepted = (RelayResult.Accepted) relay.relay(new RelayMessageCommand("erp.local", "192.0.2.7",
                null, ERP, List.of(new EmailAddress("a@example.org")), List.of("s1"), "Orders", MessageContent.ofBytes(BYTES), null, null));
        return new HandOff(handoff, handedOff, accepted);
    }

    @Test
    void aHandedOffMessageIsDeliveredWithoutAClaimAndRecordedUnderTheHandoffLease() {
        northHasServerAndStoreHasSender();
        HandOff setup = handOffOne(forwarder);
        DeliveryHandoff handoff = setup.handoff();
        DeliveryDispatcher handedOff = setup.service();
        RelayResult.Accepted accepted = setup.accepted();
        assertThat(handedOff.deliverHandedOff()).isEqualTo(1);

        assertThat(forwarder.last().queueId()).isEqualTo(accepted.id().toString());
        assertThat(queue.view(accepted.id()).status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(handedOff.deliverHandedOff()).as("nothing more was handed over").isZero();
        assertThat(handoff.reserve()).as("its place is free again once it was delivered").isTrue();
    }

    @Test
    void aHandedOffMessageWhoseDeliveryBlowsUpFreesItsPlaceAndWaitsForItsLease() {
        northHasServerAndStoreHasSender();
        ForwardMessagePort broken = message -> {
            throw new IllegalStateException("forwarder bug");
        };
        HandOff setup = handOffOne(broken);
        DeliveryHandoff handoff = setup.handoff();
        DeliveryDispatcher handedOff = setup.service();
        RelayResult.Accepted accepted = setup.accepted();

        org.assertj.core.api.Assertions.assertThatThrownBy(handedOff::deliverHandedOff).hasMessageContaining("forwarder bug");

        assertThat(handoff.reserve()).as("the hand-off's place is free again").isTrue();
        assertThat(queue.view(accepted.id()).status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(queue.claimDue(T0.plus(config.lease()), 10, "w2", T0.plus(config.lease()).plusSeconds(60)))
                .as("delivered by anyone once the lease lapses").extracting(ClaimedMessage::id).containsExactly(accepted.id());
    }

    @Test
    void aDeliveredMessageIsRecordedWithoutWaitingAndKeepsItsHandOffPlaceUntilRecorded() {
        northHasServerAndStoreHasSender();
        recordings.defer();
        HandOff setup = handOffOne(forwarder);
        DeliveryHandoff handoff = setup.handoff();
        DeliveryDispatcher handedOff = setup.service();
        RelayResult.Accepted accepted = setup.accepted();

        assertThat(handedOff.deliverHandedOff()).as("the thread returns before the outcome is committed").isEqualTo(1);
        assertThat(forwarder.last().queueId()).isEqualTo(accepted.id().toString());
        assertThat(queue.view(accepted.id()).status()).as("not recorded yet").isEqualTo(MessageStatus.QUEUED);
        assertThat(handoff.reserve()).as("its place stays taken until the outcome is recorded").isFalse();

        recordings.complete();

        assertThat(queue.view(accepted.id()).status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(handoff.reserve()).as("free once recorded").isTrue();
    }

    @Test
    void aFailedRecipientIsRecordedBeforeTheThreadMovesOn() {
        northHasServerAndStoreHasSender();
        recordings.defer();
        forwarder.reply("bad@example.org", new UpstreamReply(550, "5.1.1 unknown user"));
        MessageId id = enqueue(ERP, "bad@example.org");

        service.deliverDue("w1", 10);

        assertThat(queue.view(id).status()).as("a bounce may only follow a recorded failure").isEqualTo(MessageStatus.FAILED);
    }

    @Test
    void workersGoingIdleOverAndOverAskTheQueueForItsNextDueTimeOnlyNowAndThen() {
        enqueue(ERP, "a@example.org");
        Optional<Instant> first = service.nextDueAt();

        for (int i = 0; i < 50; i++) {
            assertThat(service.nextDueAt()).isEqualTo(first);
        }

        assertThat(queue.nextDueAsked()).as("one answer serves for a moment").isLessThanOrEqualTo(2);
    }

    @Test
    void aRetryThisProcessScheduledIsKnownAtOnceEvenBeforeItIsRecorded() {
        northHasServerAndStoreHasSender();
        recordings.defer();
        forwarder.reply("a@example.org", new UpstreamReply(451, "4.3.0 try later"));
        MessageId id = enqueue(ERP, "a@example.org");
        service.nextDueAt();                                       // an answer from before the attempt, kept a moment

        service.deliverDue("w1", 10);
        Optional<Instant> due = service.nextDueAt();

        assertThat(due).as("the retry, not the lease's end the queue still shows").isPresent();
        assertThat(due.get()).isAfter(T0).isBefore(T0.plus(config.lease()));
        recordings.complete();
        assertThat(queue.view(id).nextAttemptAt()).isEqualTo(due.get());
    }

    @Test
    void releasingUndeliveredMailWaitsForOutcomesStillBeingRecorded() throws Exception {
        northHasServerAndStoreHasSender();
        recordings.defer();
        MessageId id = enqueue(ERP, "a@example.org");
        service.deliverDue("w1", 10);
        java.util.concurrent.CompletableFuture<Integer> released = new java.util.concurrent.CompletableFuture<>();
        Thread releasing = new Thread(() -> released.complete(service.releaseUndelivered()));
        releasing.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> releasing.getState() == Thread.State.TIMED_WAITING);
        assertThat(released).as("still waiting for the outcome to be recorded").isNotDone();

        recordings.complete();

        assertThat(released.get(5, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.DELIVERED);
    }

    @Test
    void messagesHeldInMemoryGoBackToTheQueueOnRelease() throws Exception {
        northHasServerAndStoreHasSender();
        HangingUpstream hanging = new HangingUpstream();
        DeliveryConfig onePerStore = configWith(1, false);
        DeliveryDispatcher capped = dispatcher(hanging, onePerStore).build();
        enqueue(ERP, "a@example.org");
        Thread worker = new Thread(() -> capped.deliverDue("w1", 1));
        worker.start();
        hanging.awaitSending();
        MessageId second = enqueue(ERP, "b@example.org");
        capped.deliverDue("w2", 1);

        assertThat(capped.releaseUndelivered()).isEqualTo(1);

        assertThat(queue.view(second).nextAttemptAt()).isEqualTo(T0);
        assertThat(queue.claimDue(T0, 10, "w3", T0.plusSeconds(60))).extracting(ClaimedMessage::id).containsExactly(second);
        hanging.release();
        worker.join();
    }

    /** An upstream that hangs in every send until the test releases it, then answers 250. */
    private static final class HangingUpstream implements ForwardMessagePort {
        private final java.util.concurrent.CountDownLatch sending = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

        @Override
        public ForwardResult forward(OutgoingMessage message) {
            sending.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ForwardResult(message.recipients().stream()
                    .map(r -> new RecipientReply(r, new UpstreamReply(250, "ok"))).toList());
        }

        /** Returns once a delivery is under way and hanging. */
        void awaitSending() throws InterruptedException {
            sending.await();
        }

        void release() {
            released.countDown();
        }
    }
}
