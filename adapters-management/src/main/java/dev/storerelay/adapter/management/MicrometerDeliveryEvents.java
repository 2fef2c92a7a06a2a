package dev.storerelay.adapter.management;

import dev.storerelay.application.port.out.DeliveryEventsPort;
import dev.storerelay.domain.model.UnitId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The delivery metrics (README, *Metrics*), told by the delivery service. Every meter is built ahead: an event is a
 * look-up of the store's counters (when counted per store) and an increment, with no label put together per message. A
 * store's five counters are registered together, at zero, the first time it is seen, or at start-up for the stores
 * known then.
 */
public final class MicrometerDeliveryEvents implements DeliveryEventsPort {
    static final String DELIVERIES = "storerelay.deliveries";
    static final String DELIVERY_DURATION = "storerelay.delivery.duration";
    static final String QUEUE_DELAY = "storerelay.queue.delay";
    static final String RETRIES_SCHEDULED = "storerelay.retries.scheduled";
    static final String BOUNCES = "storerelay.bounces";
    static final String STORE = "store";

    /** One upstream attempt: the SLO boundaries of a dashboard, up to the upstream read timeout (2 minutes). */
    static final Duration[] DELIVERY_DURATION_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120);
    /** Receipt to final outcome: a fast relay, a retry or two, hours of backoff, up to the queue lifetime (5 days). */
    static final Duration[] QUEUE_DELAY_BUCKETS = seconds(0.1, 0.5, 1, 5, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600,
            5 * 24 * 3600);

    private static final Outcome[] OUTCOMES = Outcome.values();

    private final MeterRegistry registry;
    private final boolean perStore;
    /** Without the store label: the counters of every store; with it, {@code null}. */
    private final Counter[] allStores;
    private final Map<UnitId, Counter[]> byStore = new ConcurrentHashMap<>();
    private final Timer deliveryDuration;
    private final Timer queueDelay;
    private final Counter retries;
    private final Counter bounces;

    public MicrometerDeliveryEvents(MeterRegistry registry, boolean perStore) {
        this.registry = registry;
        this.perStore = perStore;
        this.allStores = perStore ? null : deliveries(null);
        this.deliveryDuration = Timer.builder(DELIVERY_DURATION)
                .description("One upstream delivery attempt: a connection taken or opened, the dialogue, the replies")
                .serviceLevelObjectives(DELIVERY_DURATION_BUCKETS).register(registry);
        this.queueDelay = Timer.builder(QUEUE_DELAY)
                .description("From receipt to a message's final outcome (every recipient delivered, failed or expired)")
                .serviceLevelObjectives(QUEUE_DELAY_BUCKETS).register(registry);
        this.retries = Counter.builder(RETRIES_SCHEDULED)
                .description("Delivery attempts after which another was scheduled (a temporary failure)").register(registry);
        this.bounces = Counter.builder(BOUNCES)
                .description("Delivery status notifications queued to the senders of failed or expired mail")
                .register(registry);
    }

    /** Registers the counters of the stores known now, so that their series exist at zero from the start. */
    public void registerStores(Collection<UnitId> stores) {
        if (perStore) {
            stores.forEach(this::countersOf);
        }
    }

    @Override
    public void recipients(UnitId store, Outcome outcome, int count) {
        Counter[] counters = perStore ? countersOf(store) : allStores;
        counters[outcome.ordinal()].increment(count);
    }

    @Override
    public void upstreamAttempt(long nanos) {
        deliveryDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void finished(Duration sinceReceipt) {
        queueDelay.record(sinceReceipt.isNegative() ? Duration.ZERO : sinceReceipt);
    }

    @Override
    public void retryScheduled() {
        retries.increment();
    }

    @Override
    public void bounceQueued() {
        bounces.increment();
    }

    private Counter[] countersOf(UnitId store) {
        Counter[] counters = byStore.get(store);
        return counters != null ? counters : byStore.computeIfAbsent(store, this::deliveries);
    }

    /** The counter of each outcome, in {@link Outcome} order; of one store, or ({@code null}) without the label. */
    private Counter[] deliveries(UnitId store) {
        Counter[] counters = new Counter[OUTCOMES.length];
        for (Outcome outcome : OUTCOMES) {
            Counter.Builder builder = Counter.builder(DELIVERIES)
                    .description("Recipients by the outcome of a delivery attempt: delivered, deferred (tried again"
                            + " later), failed, expired or held (the store has no server)")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT));
            if (store != null) {
                builder.tag(STORE, store.value());
            }
            counters[outcome.ordinal()] = builder.register(registry);
        }
        return counters;
    }

    private static Duration[] seconds(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return durations;
    }
}
