package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.in.DeliverDueMessagesUseCase;
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

/**
 * The delivery threads. Each claims due messages and delivers them; when nothing is due it sleeps until the next
 * message falls due, the poll interval passes, or {@link #messagesDue()} wakes it (a message was just committed),
 * so a fresh message leaves without polling delay.
 */
public final class DeliveryWorker implements DeliverySignalPort {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final Duration MIN_WAIT = Duration.ofMillis(5);

    private final DeliverDueMessagesUseCase deliver;
    private final DeliveryWorkerConfig config;
    private final Clock clock;
    private final Semaphore wakeUps = new Semaphore(0);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public DeliveryWorker(DeliverDueMessagesUseCase deliver, DeliveryWorkerConfig config, Clock clock) {
        this.deliver = deliver;
        this.config = config;
        this.clock = clock;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
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
    }

    @Override
    public void messagesDue() {
        if (wakeUps.availablePermits() < config.threads()) {
            wakeUps.release();
        }
    }

    private void loop(String worker) {
        while (running) {
            try {
                int processed = deliver.deliverDue(worker, config.batchSize());
                if (processed == 0) {
                    idle();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database may be briefly unavailable; leases make a retry safe.
                LOG.warn("delivery round failed, retrying in {}: {}", config.pollInterval(), e.toString());
                try {
                    wakeUps.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
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
        wakeUps.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
    }
}
