package dev.storerelay.adapter.management;

import dev.storerelay.application.port.in.MonitorQueueUseCase;
import dev.storerelay.application.port.out.QueueStatistics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The queue's gauges (README, *Metrics*): messages queued and held, and the age of the oldest queued one. A scrape
 * reads the last answer of the database, never the database: {@link #refresh()} asks it, one query, on {@link
 * RelayMetrics}'s thread every few seconds. However many scrapes come, the database is asked as often, and a scrape
 * neither waits for it nor fails while it is down: the last values stay, and the age keeps growing with the clock.
 */
public final class QueueGauges {
    static final String MESSAGES = "storerelay.queue.messages";
    static final String OLDEST_AGE = "storerelay.queue.oldest.message.age";
    private static final Logger LOG = LoggerFactory.getLogger(QueueGauges.class);
    private static final double NANOS_PER_SECOND = 1e9;
    private static final String MESSAGES_DESCRIPTION = "Messages waiting for delivery: queued (the relay tries them) or"
            + " held (no server for the store); read from the database every few seconds";

    private final MonitorQueueUseCase queue;
    private final Clock clock;
    private volatile QueueStatistics latest = QueueStatistics.EMPTY;
    private boolean failing;

    public QueueGauges(MeterRegistry registry, MonitorQueueUseCase queue, Clock clock) {
        this.queue = queue;
        this.clock = clock;
        Gauge.builder(MESSAGES, this, gauges -> gauges.latest.queued()).strongReference(true).tag("status", "queued")
                .description(MESSAGES_DESCRIPTION).register(registry);
        Gauge.builder(MESSAGES, this, gauges -> gauges.latest.held()).strongReference(true).tag("status", "held")
                .description(MESSAGES_DESCRIPTION).register(registry);
        Gauge.builder(OLDEST_AGE, this, QueueGauges::oldestAgeSeconds).strongReference(true).baseUnit("seconds")
                .description("How long the oldest queued message has waited since it was received; 0 when none")
                .register(registry);
    }

    /** Reads the queue; on failure the last values stay (and one warning says so until it is read again). */
    synchronized void refresh() {
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
