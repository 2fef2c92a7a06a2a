package dev.storerelay.adapter.management;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.application.port.in.MonitorQueueUseCase;
import dev.storerelay.application.port.out.DeliveryEventsPort;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Clock;

/**
 * The metrics registry every adapter counts into, the relay's own metrics and the management listener. Expects
 * {@link ManagementConfig}, {@link Readiness} (the bootstrap builds its checks from the parts they ask about), a
 * {@link Clock}, {@link MonitorQueueUseCase} and {@link ManageOrgUnitsUseCase} to be bound. Nothing here starts: the
 * lifecycle starts the listener first and stops it last, and {@link RelayMetrics} with the database.
 */
public final class ManagementModule extends AbstractModule {

    /** One registry per relay: the adapters' meters, the JVM's and the relay's own. */
    @Provides
    @Singleton
    PrometheusMeterRegistry prometheusRegistry() {
        return PrometheusRegistry.create();
    }

    @Provides
    MeterRegistry meterRegistry(PrometheusMeterRegistry registry) {
        return registry;
    }

    @Provides
    @Singleton
    MicrometerDeliveryEvents deliveryEvents(MeterRegistry registry, ManagementConfig config) {
        return new MicrometerDeliveryEvents(registry, config.storeLabel());
    }

    @Provides
    DeliveryEventsPort deliveryEventsPort(MicrometerDeliveryEvents events) {
        return events;
    }

    @Provides
    @Singleton
    QueueGauges queueGauges(MeterRegistry registry, MonitorQueueUseCase queue, Clock clock) {
        return new QueueGauges(registry, queue, clock);
    }

    @Provides
    @Singleton
    RelayMetrics relayMetrics(MicrometerDeliveryEvents deliveries, QueueGauges queue, ManageOrgUnitsUseCase units) {
        return new RelayMetrics(deliveries, queue, units, RelayMetrics.REFRESH);
    }

    @Provides
    @Singleton
    ManagementServer managementServer(ManagementConfig config, PrometheusMeterRegistry registry, Readiness readiness) {
        readiness.bindTo(registry);
        return new ManagementServer(config, registry, readiness);
    }
}
