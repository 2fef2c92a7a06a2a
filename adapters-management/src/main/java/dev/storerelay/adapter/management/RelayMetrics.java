package dev.storerelay.adapter.management;

import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.domain.model.OrgUnit;

/**
 * The metrics that read the database: the per-store delivery counters of the stores known at start-up (so that each
 * series exists from the start, at zero) and the queue's gauges. Started once the database is, stopped before it.
 */
public final class RelayMetrics {
    private final MicrometerDeliveryEvents deliveries;
    private final QueueGauges queue;
    private final ManageOrgUnitsUseCase units;

    public RelayMetrics(MicrometerDeliveryEvents deliveries, QueueGauges queue, ManageOrgUnitsUseCase units) {
        this.deliveries = deliveries;
        this.queue = queue;
        this.units = units;
    }

    public void start() {
        deliveries.registerStores(units.listUnits().stream().map(OrgUnit::id).toList());
        queue.start();
    }

    public void stop() {
        queue.stop();
    }
}
