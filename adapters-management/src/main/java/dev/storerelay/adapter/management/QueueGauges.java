package dev.storerelay.adapter.management;

import dev.storerelay.application.port.in.MonitorQueueUseCase;
import dev.storerelay.application.port.out.QueueStatistics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The queue's gauges (DESIGN §9): messages queued and held, and the age of the oldest queued one. They are read from
 * the database by one query every {@link #REFRESH} on a thread of their own, never by a scrape: a scrape reads the
 * last answer, so however many scrapes come, the database is asked as often, and a scrape never waits for it (nor
 * fails while it is down; the last values stay, and the age keeps growing with the clock).
 *
 * <p>Its one thread, {@code queue-gauges}, lives from {@link #start()} to {@link #stop()}.
 */
public final class QueueGauges {
    static final String MESSAGES = "storerelay.queue.messages";
    static final String OLDEST_AGE = "storerelay.queue.oldest.message.age";
    static final Duration REFRESH = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(QueueGauges.class);
    private static final double NANOS_PER_SECOND = 1e9;

    private final MonitorQueueUseCase queue;
    private final Clock clock;
    private final Duration refresh;
    private volatile QueueStatistics latest = QueueStatistics.EMPTY;
    private ScheduledExecutorService thread;
    private boolean failing;

    public QueueGauges(MeterRegistry registry, MonitorQueueUseCase queue, Clock clock) {
        this(registry, queue, clock, REFRESH);
    }

    QueueGauges(MeterRegistry registry, MonitorQueueUseCase queue, Clock clock, Duration refresh) {
        this.queue = queue;
        this.clock = clock;
        this.refresh = refresh;
        Gauge.builder(MESSAGES, this, gauges -> gauges.latest.queued()).strongReference(true).tag("status", "queued")
                .description("Messages waiting for delivery: queued (the relay tries them) or held (no server for the"
                        + " store); read every " + REFRESH.toSeconds() + " s").register(registry);
        Gauge.builder(MESSAGES, this, gauges -> gauges.latest.held()).strongReference(true).tag("status", "held")
                .description("Messages waiting for delivery: queued (the relay tries them) or held (no server for the"
                        + " store); read every " + REFRESH.toSeconds() + " s").register(registry);
        Gauge.builder(OLDEST_AGE, this, QueueGauges::oldestAgeSeconds).strongReference(true).baseUnit("seconds")
                .description("How long the oldest queued message has waited since it was received; 0 when none")
                .register(registry);
    }

    /** Reads the queue once now (the database has started), then every {@link #REFRESH} in the background. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        refresh();
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread gauges = new Thread(runnable, "queue-gauges");
            gauges.setDaemon(true);
            return gauges;
        });
        thread.scheduleWithFixedDelay(this::refresh, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops reading; before the database stops. */
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        thread.shutdownNow();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    private void refresh() {
        try {
            latest = queue.queueStatistics();
            if (failing) {
                failing = false;
                LOG.info("Queue gauges read again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Queue gauges could not be read; the last values stay until they can: {}", e.toString());
            }
        }
    }

    private double oldestAgeSeconds() {
        return latest.oldestQueuedAge(clock.instant()).toNanos() / NANOS_PER_SECOND;
    }
}
