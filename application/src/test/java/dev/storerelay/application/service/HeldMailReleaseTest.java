package dev.storerelay.application.service;

import dev.storerelay.application.testing.MutableClock;
import dev.storerelay.application.testing.InMemoryMessageQueue;
import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.testing.InMemoryOrgUnits;
import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryAttempt.RecipientOutcome;
import dev.storerelay.application.port.out.DeliverySignalPort;
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
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class HeldMailReleaseTest {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    private static final EmailAddress ANN = new EmailAddress("ann@example.com");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryMessageQueue queue = new InMemoryMessageQueue();
    private final AtomicInteger signals = new AtomicInteger();
    private final DeliverySignalPort signal = signals::incrementAndGet;
    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private final HeldMailRelease release = new HeldMailRelease(queue, signal, clock, (delay, task) -> {
        delays.add(delay);
        scheduled.add(task);
    });

    @Test
    void heldMailIsReleasedAtOnceAndTheWorkersAreWoken() {
        MessageId id = heldMessage();

        release.release();

        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(queue.view(id).nextAttemptAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(signals).hasValue(1);
    }

    @Test
    void aHoldRecordedAfterTheReleaseIsReleasedByTheRepeat() {
        MessageId id = enqueue();
        queue.claimDue(T0, 10, "w1", T0.plusSeconds(60));
        // The worker has read the old settings (no server); the admin saves a server and mail is released meanwhile.
        release.release();
        assertThat(signals).as("nothing was held yet").hasValue(0);
        recordHold(id, "w1");
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.HELD);

        clock.advance(HeldMailRelease.RELEASE_AGAIN_AFTER);
        assertThat(delays).containsExactly(HeldMailRelease.RELEASE_AGAIN_AFTER);
        scheduled.forEach(Runnable::run);

        assertThat(queue.view(id).status()).as("not left waiting for its expiry").isEqualTo(MessageStatus.QUEUED);
        assertThat(queue.view(id).nextAttemptAt()).isEqualTo(T0.plus(HeldMailRelease.RELEASE_AGAIN_AFTER));
        assertThat(signals).hasValue(1);
    }

    @Test
    void theCheckReleasesHeldMailOnlyOnceItsStoreHasAServerHoweverItGotOne() {
        InMemoryUnitSettings settings = new InMemoryUnitSettings();
        InMemoryOrgUnits units = new InMemoryOrgUnits(settings).withOneStore();
        HeldMailCheck check = new HeldMailCheck(queue, new ResolveStoreSettingsService(units, settings,
                new EmailAddress("no-reply@localhost")), signal, clock);
        MessageId id = heldMessage();

        assertThat(check.releaseHeldMailWithServers()).as("still no server: left held").isZero();
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.HELD);
        assertThat(signals).hasValue(0);

        // A server appears without a release (e.g. restored into the database, or the release was missed).
        settings.with("company", new UnitSettings(new SmtpConnection(new ServerAddress("smtp.example.com"), new Port(587),
                null, null, SecureSocketOptions.START_TLS), new EmailAddress("shop@example.com")));
        assertThat(check.releaseHeldMailWithServers()).isEqualTo(1);

        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(queue.view(id).nextAttemptAt()).isEqualTo(clock.instant());
        assertThat(signals).hasValue(1);
        assertThat(check.releaseHeldMailWithServers()).as("nothing held any more").isZero();
    }

    private MessageId heldMessage() {
        MessageId id = enqueue();
        queue.claimDue(T0, 10, "w1", T0.plusSeconds(60));
        recordHold(id, "w1");
        clock.advance(Duration.ofSeconds(1));
        return id;
    }

    private void recordHold(MessageId id, String worker) {
        Instant expiry = T0.plus(Duration.ofDays(5));
        assertThat(queue.recordAttempt(new DeliveryAttempt(id, clock.instant(), List.of(new RecipientOutcome(ANN,
                RecipientStatus.PENDING, UpstreamReply.noReply("held: no server"))), expiry, true, false, "held: no server"),
                worker)).isTrue();
    }

    private MessageId enqueue() {
        return queue.enqueue(new NewMessage(UnitId.of("s1"), RoutingReason.STORE_HEADER, "store header names s1",
                new EmailAddress("erp@legacy.example"), List.of(ANN), null,
                MessageContent.ofBytes("Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)), "erp.local", "192.0.2.7",
                clock.instant()));
    }
}
