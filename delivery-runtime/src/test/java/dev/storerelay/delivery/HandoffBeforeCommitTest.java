package dev.storerelay.delivery;

import dev.storerelay.application.service.ResolveStoreSettingsService;
import dev.storerelay.application.service.RateLimitService;
import dev.storerelay.application.service.RelayMessageService;
import dev.storerelay.application.service.DeliveryConfig;
import dev.storerelay.application.testing.InMemoryMessageQueue;
import dev.storerelay.application.testing.CountingSignal;
import dev.storerelay.application.testing.MutableClock;

import dev.storerelay.application.testing.InMemoryMessageQueue;
import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.testing.InMemoryOrgUnits;
import dev.storerelay.application.testing.InMemoryUnitRouting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.in.RelayMessageCommand;
import dev.storerelay.application.port.in.RelayResult;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.ForwardMessagePort;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.application.testing.InMemoryRateLimits;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import dev.storerelay.domain.model.UpstreamReply;
import dev.storerelay.domain.policy.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A message is handed to a worker as soon as its id is known, while its insert is still being committed: the worker
 * sends it upstream, but ends the data (the upstream takes the message on) only once it is queued under that id.
 */
class HandoffBeforeCommitTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final EmailAddress ERP = new EmailAddress("erp@legacy.local");
    private static final byte[] BYTES = "X-Store-Id: s1\r\nFrom: Orders <erp@legacy.local>\r\n\r\nbody\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryUnitSettings settings = new InMemoryUnitSettings();
    private final InMemoryOrgUnits units = new InMemoryOrgUnits(settings).withOneStore();
    /** What happened, in order: the queue's commit and the upstream's side of each delivery. */
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final SlowCommitQueue queue = new SlowCommitQueue();
    private final DeferrableRecording recordings = new DeferrableRecording(queue);
    private final DeliveryConfig config = new DeliveryConfig("relay.example.com", "X-Store-Id", Duration.ofMinutes(10),
            new RetryPolicy(Duration.ofMinutes(1), 2.0, Duration.ofHours(1), Duration.ofDays(5), 0.0), Integer.MAX_VALUE, false);
    private final DeliveryHandoff handoff = new DeliveryHandoff("relay-1/handoff", 1, config.lease());
    private final ForwardMessagePort upstream = message -> {
        events.add("content written " + message.queueId());
        boolean ended = message.dataEnd().mayEnd();
        events.add((ended ? "data ended " : "abandoned ") + message.queueId());
        UpstreamReply reply = ended ? new UpstreamReply(250, "2.0.0 Ok: queued") : UpstreamReply.noReply("abandoned");
        return new ForwardMessagePort.ForwardResult(message.recipients().stream()
                .map(r -> new ForwardMessagePort.RecipientReply(r, reply)).toList());
    };
    private final DeliveryDispatcher worker = new TestDispatcher(queue, recordings, units, new ResolveStoreSettingsService(units, settings, new EmailAddress("no-reply@localhost")), upstream, config, clock).handoff(handoff).build();
    private final RelayMessageService relay = new RelayMessageService(units, new InMemoryUnitRouting(), new Submissions(queue, new CountingSignal(), handoff), clock);
    private final ExecutorService listener = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        queue.commit.countDown();
        listener.shutdownNow();
    }

    private void storeHasServer() {
        settings.with("company", new UnitSettings(new SmtpConnection(new ServerAddress("smtp.example.com"), new Port(587),
                null, null, SecureSocketOptions.START_TLS), new EmailAddress("s1@example.com")));
    }

    /** A message the listener's thread holds in its commit, and the worker thread that took it. */
    private record InFlight(Future<RelayResult> relayed, MessageId id, Thread worker) {
        MessageId queuedAs() throws Exception {
            return ((RelayResult.Accepted) relayed.get(10, TimeUnit.SECONDS)).id();
        }

        void finish() throws InterruptedException {
            worker.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(worker.isAlive()).as("the worker finished").isFalse();
        }
    }

    /** Relays a message on the listener's thread, held in the commit, and starts {@code by} once its id is told. */
    private InFlight inFlight(DeliveryDispatcher by) {
        Future<RelayResult> relayed = listener.submit(() -> relay.relay(new RelayMessageCommand("erp.local", "192.0.2.7",
                null, ERP, List.of(new EmailAddress("a@example.org")), List.of("s1"), "Orders",
                MessageContent.ofBytes(BYTES), null, null)));
        await().until(() -> queue.told != null);
        Thread thread = new Thread(by::deliverHandedOff, "worker");
        thread.start();
        return new InFlight(relayed, queue.told, thread);
    }

    private InFlight contentWrittenBeforeTheCommit() {
        InFlight sending = inFlight(worker);
        await().until(() -> events.contains("content written " + sending.id()));
        return sending;
    }

    /** The worker waits (for the commit) rather than finishing; nothing happened upstream yet. */
    private void awaitWaitingForTheCommit(InFlight sending) {
        await().until(() -> sending.worker().getState() == Thread.State.TIMED_WAITING
                || sending.worker().getState() == Thread.State.TERMINATED);
        assertThat(sending.worker().getState()).as("waits for the commit").isEqualTo(Thread.State.TIMED_WAITING);
        assertThat(events).as("nothing sent yet").isEmpty();
        assertThat(queue.attempts()).as("nothing recorded yet").isEmpty();
    }

    @Test
    void theContentGoesUpstreamDuringTheCommitAndTheDataEndsOnlyAfterIt() throws Exception {
        storeHasServer();
        InFlight sending = contentWrittenBeforeTheCommit();

        queue.end(Ending.COMMIT);

        assertThat(sending.queuedAs()).isEqualTo(sending.id());
        sending.finish();
        MessageId id = sending.id();
        assertThat(events).containsExactly("content written " + id, "committed", "data ended " + id);
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(handoff.reserve()).as("its place in the hand-off is free again").isTrue();
    }

    @Test
    void whenTheCommitFailsTheUpstreamTransactionIsAbandonedAndNothingIsRecorded() throws Exception {
        storeHasServer();
        InFlight sending = contentWrittenBeforeTheCommit();

        queue.end(Ending.FAIL);

        assertThatThrownBy(sending::queuedAs).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("the commit failed");
        sending.finish();
        MessageId id = sending.id();
        assertThat(events).containsExactly("content written " + id, "commit failed", "abandoned " + id);
        assertThat(queue.findMessage(id)).isEmpty();
        assertThat(queue.attempts()).isEmpty();
        assertThat(handoff.reserve()).as("its place in the hand-off is free again").isTrue();
    }

    @Test
    void aMessageQueuedUnderAnotherIdIsAbandonedUnderTheFirstAndDeliveredUnderTheOther() throws Exception {
        storeHasServer();
        InFlight sending = contentWrittenBeforeTheCommit();

        queue.end(Ending.WRITTEN_AGAIN);

        MessageId queued = sending.queuedAs();
        sending.finish();
        MessageId first = sending.id();
        assertThat(queued).isNotEqualTo(first);
        assertThat(events).containsExactly("content written " + first, "written again as " + queued,
                "abandoned " + first, "content written " + queued, "data ended " + queued);
        assertThat(queue.view(queued).status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(queue.attempts()).extracting(DeliveryAttempt::id).containsExactly(queued);
        assertThat(handoff.reserve()).as("its place in the hand-off is free again").isTrue();
    }

    @Test
    void aRateLimitedStoresMessageWaitsForItsCommitBeforeItIsSent() throws Exception {
        storeHasServer();
        InMemoryRateLimits limits = new InMemoryRateLimits();
        limits.saveRateLimit(UnitId.of("company"), new RateLimit(30));
        InFlight sending = inFlight(new TestDispatcher(queue, recordings, units, new ResolveStoreSettingsService(units, settings, new EmailAddress("no-reply@localhost")), upstream, config, clock).rateLimits(new RateLimitService(units, limits)).handoff(handoff).build());
        awaitWaitingForTheCommit(sending);

        queue.end(Ending.COMMIT);

        sending.queuedAs();
        sending.finish();
        MessageId id = sending.id();
        assertThat(events).containsExactly("committed", "content written " + id, "data ended " + id);
        assertThat(queue.view(id).status()).isEqualTo(MessageStatus.DELIVERED);
    }

    @Test
    void aMessageToHoldWaitsForItsCommitBeforeItIsRecorded() throws Exception {
        InFlight sending = inFlight(worker);                  // no server anywhere: the message is held
        awaitWaitingForTheCommit(sending);

        queue.end(Ending.COMMIT);

        sending.queuedAs();
        sending.finish();
        assertThat(events).containsExactly("committed");
        assertThat(queue.view(sending.id()).status()).isEqualTo(MessageStatus.HELD);
        assertThat(handoff.reserve()).isTrue();
    }

    @Test
    void aMessageThatWaitedForItsCommitWhileItsStoresDeliveryEndedIsDeliveredAtOnce() throws Exception {
        // One delivery at a time for the store. The first message is being sent; the second, taken during its commit,
        // finds the store's delivery busy and waits for its commit; meanwhile the first delivery ends and finds
        // nothing waiting for the store. The second must go next, not wait in memory for some later look at the queue
        // (seen under load: 35 s and more, until the next message of the store came along).
        storeHasServer();
        DeliveryConfig onePerStore = new DeliveryConfig(config.relayHostName(), config.storeHeaderName(), config.lease(),
                config.retry(), 1, false);
        DeliveryHandoff roomForTwo = new DeliveryHandoff("relay-1/handoff", 2, config.lease());
        CountDownLatch firstSending = new CountDownLatch(1);
        CountDownLatch firstMayEnd = new CountDownLatch(1);
        AtomicInteger forwarded = new AtomicInteger();
        ForwardMessagePort firstHangs = message -> {
            if (forwarded.incrementAndGet() == 1) {
                firstSending.countDown();
                try {
                    firstMayEnd.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return upstream.forward(message);
        };
        DeliveryDispatcher deliveries = new TestDispatcher(queue, recordings, units, new ResolveStoreSettingsService(units, settings, new EmailAddress("no-reply@localhost")), firstHangs, onePerStore, clock).handoff(roomForTwo).build();
        RelayMessageService relayTwo = new RelayMessageService(units, new InMemoryUnitRouting(),
                new Submissions(queue, new CountingSignal(), roomForTwo), clock);
        queue.commitAtOnce = true;
        MessageId first = ((RelayResult.Accepted) relayTwo.relay(command())).id();
        Thread firstWorker = new Thread(deliveries::deliverHandedOff, "worker-1");
        firstWorker.start();
        firstSending.await();
        queue.commitAtOnce = false;
        queue.told = null;
        Future<RelayResult> second = listener.submit(() -> relayTwo.relay(command()));
        await().until(() -> queue.told != null);
        InFlight sending = new InFlight(second, queue.told, new Thread(deliveries::deliverHandedOff, "worker-2"));
        sending.worker().start();
        awaitWaitingForTheCommit(sending);

        firstMayEnd.countDown();
        firstWorker.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(queue.view(first).status()).isEqualTo(MessageStatus.DELIVERED);
        queue.end(Ending.COMMIT);

        sending.queuedAs();
        sending.finish();
        assertThat(queue.view(sending.id()).status()).as("delivered by the thread that took it")
                .isEqualTo(MessageStatus.DELIVERED);
    }

    private static RelayMessageCommand command() {
        return new RelayMessageCommand("erp.local", "192.0.2.7", null, ERP, List.of(new EmailAddress("a@example.org")),
                List.of("s1"), "Orders", MessageContent.ofBytes(BYTES), null, null);
    }

    private enum Ending { COMMIT, FAIL, WRITTEN_AGAIN }

    /** Tells the id at once, then holds the commit until the test says how it ends. */
    private final class SlowCommitQueue extends InMemoryMessageQueue {
        final CountDownLatch commit = new CountDownLatch(1);
        volatile MessageId told;
        volatile boolean commitAtOnce;
        private volatile Ending ending;

        void end(Ending how) {
            ending = how;
            commit.countDown();
        }

        @Override
        public MessageId enqueueClaimed(NewMessage message, String worker, Instant leaseUntil,
                                        Consumer<MessageId> idKnown) {
            MessageId id = enqueueClaimed(message, worker, leaseUntil);
            idKnown.accept(id);
            told = id;
            if (commitAtOnce) {
                return id;
            }
            try {
                commit.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            switch (Objects.requireNonNull(ending, "ending")) {
                case COMMIT -> {
                    events.add("committed");
                    return id;
                }
                case FAIL -> {
                    remove(id);
                    events.add("commit failed");
                    throw new IllegalStateException("the commit failed");
                }
                default -> {
                    remove(id);
                    MessageId again = enqueueClaimed(message, worker, leaseUntil);
                    events.add("written again as " + again);
                    return again;
                }
            }
        }
    }
}
