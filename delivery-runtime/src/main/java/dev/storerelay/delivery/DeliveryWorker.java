package dev.storerelay.delivery;

import dev.storerelay.application.port.out.DeliverySignalPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The delivery threads, and the owner of the delivery runtime's lifecycle: {@link #start()} starts the outcome
 * recorder and then the threads; {@link #stop()} stops the threads, gives mail held in memory back to the queue once
 * the outcomes under way are recorded, and then stops the recorder. Each thread delivers messages the listener hands
 * over as it commits them, and claims due messages from the queue; when there is nothing to do it sleeps until the
 * next message falls due, the poll interval passes, or {@link #messagesDue()} wakes it (a message was just
 * committed), so a fresh message leaves without delay.
 */
public final class DeliveryWorker implements DeliverySignalPort {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final Duration MIN_WAIT = Duration.ofMillis(5);
    /** A worker busy with handed-off mail looks at the queue after this many of them. */
    private static final int QUEUE_TURN_EVERY = 8;

    private final DeliveryRounds deliver;
    private final OutcomeRecorder recorder;
    private final DeliveryWorkerConfig config;
    private final Clock clock;
    private final Semaphore wakeUps = new Semaphore(0);
    // Set when mail was queued due (not handed off) or the last look at the queue found some.
    private final AtomicBoolean queueSignalled = new AtomicBoolean(true);
    // When some worker looks at the queue unsignalled (System.nanoTime): a poll interval after the last look, or
    // earlier when mail falls due. Idle workers only bring it forward: each pushing it to its own wake-up, workers
    // waking in turn kept it ahead of all of them, and the queue went unlooked-at for as long as that went on.
    private final AtomicLong nextQueueLookNanos = new AtomicLong(System.nanoTime());
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public DeliveryWorker(DeliveryRounds deliver, OutcomeRecorder recorder, DeliveryWorkerConfig config, Clock clock) {
        this.deliver = deliver;
        this.recorder = recorder;
        this.config = config;
        this.clock = clock;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        recorder.start();
        for (int i = 0; i < config.threads(); i++) {
            String worker = config.processName() + "/" + i;
            Thread thread = new Thread(() -> loop(worker), "delivery-" + i);
            thread.setDaemon(false);
            threads.add(thread);
            thread.start();
        }
        LOG.info("{} delivery worker(s) started", config.threads());
    }

    public synchronized void stop() {
        running = false;
        wakeUps.release(threads.size());
        for (Thread thread : threads) {
            thread.interrupt();
        }
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.clear();
        try {
            int released = deliver.releaseUndelivered();
            if (released > 0) {
                LOG.info("{} message(s) held in memory went back to the queue", released);
            }
        } catch (RuntimeException e) {
            // Their leases lapse, and any worker delivers them then.
            LOG.warn("could not give undelivered messages back to the queue: {}", e.toString());
        } finally {
            recorder.stop();
        }
    }

    @Override
    public void messagesDue() {
        queueSignalled.set(true);
        wakeOne();
    }

    @Override
    public void messageHandedOff() {
        wakeOne();
    }

    private void wakeOne() {
        if (wakeUps.availablePermits() < config.threads()) {
            wakeUps.release();
        }
    }

    private void loop(String worker) {
        int handedOffInARow = 0;
        while (running) {
            try {
                int processed = deliver.deliverHandedOff();
                handedOffInARow = processed == 0 ? 0 : handedOffInARow + 1;
                // Mail that waits in the queue (retries, overflow of the hand-off, other processes' mail) gets its
                // turn between hand-offs too, not only when the listener falls silent.
                if ((processed == 0 || handedOffInARow % QUEUE_TURN_EVERY == 0) && queueMayHaveDue()) {
                    int claimed = deliver.deliverDue(worker, config.batchSize());
                    if (claimed > 0) {
                        queueSignalled.set(true);                // there may be more: look again
                    }
                    processed += claimed;
                }
                if (processed == 0) {
                    idle();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database may be briefly unavailable; leases make a retry safe.
                LOG.warn("delivery round failed, retrying in {}: {}", config.pollInterval(), e.toString());
                queueSignalled.set(true);
                try {
                    wakeUps.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Whether to look at the queue: something was queued due, or the last look found mail, or the time planned for
     * the next look has come (one worker takes that look). A worker woken only for a hand-off does not ask the
     * database in vain.
     */
    private boolean queueMayHaveDue() {
        long now = System.nanoTime();
        long planned = nextQueueLookNanos.get();
        long afterThisLook = now + config.pollInterval().toNanos();
        if (queueSignalled.getAndSet(false)) {
            nextQueueLookNanos.set(afterThisLook);
            return true;
        }
        return now - planned >= 0 && nextQueueLookNanos.compareAndSet(planned, afterThisLook);
    }

    private void idle() throws InterruptedException {
        Duration wait = config.pollInterval();
        Instant now = clock.instant();
        Instant next = deliver.nextDueAt().orElse(null);
        if (next != null) {
            Duration untilDue = Duration.between(now, next);
            if (untilDue.compareTo(wait) < 0) {
                wait = untilDue.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : untilDue;
            }
        }
        long lookAt = System.nanoTime() + wait.toNanos();
        nextQueueLookNanos.accumulateAndGet(lookAt, (planned, proposed) -> proposed - planned < 0 ? proposed : planned);
        wakeUps.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
    }
}
