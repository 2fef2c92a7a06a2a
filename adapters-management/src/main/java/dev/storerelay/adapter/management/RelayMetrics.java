package dev.storerelay.adapter.management;

import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.domain.model.OrgUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The metrics that read the database, kept fresh off the scrape: the queue's gauges, and the per-store delivery
 * counters of every unit, registered at zero as soon as the unit exists (at start-up, or within {@link #REFRESH} of
 * its creation), so that a store's first delivery is an increase of a series that was there before. The units come
 * from the relay's snapshot of the tree, not from a query.
 *
 * <p>Its one thread, {@code relay-metrics}, lives from {@link #start()} (once the database has started) to
 * {@link #stop()} (before the database stops).
 */
public final class RelayMetrics {
    static final Duration REFRESH = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(RelayMetrics.class);

    private final MicrometerDeliveryEvents deliveries;
    private final QueueGauges queue;
    private final ManageOrgUnitsUseCase units;
    private final Duration refresh;
    private ScheduledExecutorService thread;

    /** @param refresh how often the queue and the known stores are read again ({@link #REFRESH} in production) */
    public RelayMetrics(MicrometerDeliveryEvents deliveries, QueueGauges queue, ManageOrgUnitsUseCase units,
                        Duration refresh) {
        this.deliveries = deliveries;
        this.queue = queue;
        this.units = units;
        this.refresh = refresh;
    }

    /** Reads once now, so that the first scrape is right, then every refresh interval in the background. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        refresh();
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread metrics = new Thread(runnable, "relay-metrics");
            metrics.setDaemon(true);
            return metrics;
        });
        thread.scheduleWithFixedDelay(this::refresh, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

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
            deliveries.registerStores(units.listUnits().stream().map(OrgUnit::id).toList());
        } catch (RuntimeException e) {
            LOG.debug("Units not read for the delivery metrics; next time: {}", e.toString());
        }
        queue.refresh();
    }
}
