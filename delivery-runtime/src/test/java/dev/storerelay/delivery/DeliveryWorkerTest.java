package dev.storerelay.delivery;

import dev.storerelay.application.port.out.MessageContextPort;
import dev.storerelay.application.testing.InMemoryMessageQueue;



import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeliveryWorkerTest {
    /** The workers start and stop it; these tests record nothing through it. */
    private static final OutcomeRecorder RECORDER = new OutcomeRecorder(new InMemoryMessageQueue(), MessageContextPort.NONE);

    /** Poll interval far longer than any wait below: only a signal can explain a prompt round. */
    private static final Duration LONG_POLL = Duration.ofMinutes(10);

    private DeliveryWorker worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.stop();
        }
    }

    /** Counts rounds; reports one message processed whenever {@code due} is positive. */
    private static final class FakeDelivery implements DeliveryRounds {
        final AtomicInteger rounds = new AtomicInteger();
        final AtomicInteger due = new AtomicInteger();
        final AtomicInteger delivered = new AtomicInteger();
        final AtomicInteger handedOff = new AtomicInteger();
        final AtomicInteger handedOffDelivered = new AtomicInteger();
        volatile RuntimeException failNext;

        @Override
        public int deliverDue(String worker, int maxMessages) {
            rounds.incrementAndGet();
            RuntimeException failure = failNext;
            if (failure != null) {
                failNext = null;
                throw failure;
            }
            if (due.get() > 0) {
                due.decrementAndGet();
                delivered.incrementAndGet();
                return 1;
            }
            return 0;
        }

        @Override
        public int deliverHandedOff() {
            if (handedOff.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                handedOffDelivered.incrementAndGet();
                return 1;
            }
            return 0;
        }

        @Override
        public int releaseUndelivered() {
            return 0;
        }

        @Override
        public Optional<Instant> nextDueAt() {
            return Optional.empty();
        }
    }

    @Test
    void aSignalWakesAnIdleWorkerAtOnce() {
        FakeDelivery delivery = new FakeDelivery();
        worker = new DeliveryWorker(delivery, RECORDER, new DeliveryWorkerConfig(1, 10, LONG_POLL, "test"), Clock.systemUTC());
        worker.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> delivery.rounds.get() >= 1);

        delivery.due.set(3);
        worker.messagesDue();

        await().atMost(Duration.ofSeconds(5)).until(() -> delivery.delivered.get() == 3);
    }

    @Test
    void aFailedRoundDoesNotStopTheWorker() {
        FakeDelivery delivery = new FakeDelivery();
        delivery.failNext = new IllegalStateException("database unavailable");
        worker = new DeliveryWorker(delivery, RECORDER, new DeliveryWorkerConfig(1, 10, LONG_POLL, "test"), Clock.systemUTC());
        worker.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> delivery.rounds.get() >= 1);

        delivery.due.set(1);
        worker.messagesDue();

        await().atMost(Duration.ofSeconds(5)).until(() -> delivery.delivered.get() == 1);
    }

    @Test
    void aHandOffWakesAWorkerThatDoesNotLookAtTheQueueInVain() {
        FakeDelivery delivery = new FakeDelivery();
        worker = new DeliveryWorker(delivery, RECORDER, new DeliveryWorkerConfig(2, 10, LONG_POLL, "test"), Clock.systemUTC());
        worker.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> delivery.rounds.get() >= 1);
        int queueLooks = delivery.rounds.get();

        for (int i = 0; i < 20; i++) {
            delivery.handedOff.incrementAndGet();
            worker.messageHandedOff();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> delivery.handedOffDelivered.get() == 20);
        assertThat(delivery.rounds.get()).as("nothing was queued due, so nobody claims").isEqualTo(queueLooks);
    }

    @Test
    void idleWorkersLookAtTheQueueOncePerPollIntervalHoweverTheirWaitsInterleave() {
        // What nobody signals (mail queued by another process; mail waiting in memory for a free delivery of its
        // store) is found by these looks. Sixteen threads go idle at about the same time and wake in turn, each
        // after the others went idle again: a deadline every idle thread pushed ahead was never reached.
        FakeDelivery delivery = new FakeDelivery();
        Duration poll = Duration.ofMillis(100);
        worker = new DeliveryWorker(delivery, RECORDER, new DeliveryWorkerConfig(16, 10, poll, "test"), Clock.systemUTC());
        worker.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> delivery.rounds.get() >= 1);
        long start = System.nanoTime();
        int looksBefore = delivery.rounds.get();

        await().atMost(Duration.ofSeconds(10)).until(() -> delivery.rounds.get() >= looksBefore + 10);

        long polls = (System.nanoTime() - start) / poll.toNanos();
        assertThat(delivery.rounds.get() - looksBefore).as("one look per interval, not one per thread")
                .isLessThanOrEqualTo((int) polls + 2);
    }

    @Test
    void stopEndsTheThreads() {
        FakeDelivery delivery = new FakeDelivery();
        worker = new DeliveryWorker(delivery, RECORDER, new DeliveryWorkerConfig(2, 10, LONG_POLL, "test"), Clock.systemUTC());
        worker.start();
        // Both threads and the outcome recorder run; the first thread looks at the queue, the other finds nothing
        // signalled and goes idle.
        await().atMost(Duration.ofSeconds(5)).until(() -> delivery.rounds.get() >= 1 && Thread.getAllStackTraces().keySet()
                .stream().filter(t -> t.getName().matches("delivery-\\d+") && t.isAlive()).count() == 2);
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("delivery-recorder") && t.isAlive())
                .hasSize(1);

        worker.stop();
        int rounds = delivery.rounds.get();
        delivery.due.set(5);
        worker.messagesDue();

        assertThat(Thread.getAllStackTraces().keySet()).as("the delivery threads and the recorder")
                .noneMatch(t -> t.getName().startsWith("delivery-") && t.isAlive());
        assertThat(delivery.rounds.get()).isEqualTo(rounds);
        worker = null;
    }
}
