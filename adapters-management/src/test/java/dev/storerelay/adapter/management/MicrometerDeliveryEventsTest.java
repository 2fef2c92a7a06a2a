package dev.storerelay.adapter.management;

import dev.storerelay.application.port.out.DeliveryEventsPort.Outcome;
import dev.storerelay.domain.model.UnitId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerDeliveryEventsTest {
    private static final UnitId STORE_12 = UnitId.of("store-12");
    private static final List<String> OUTCOMES = List.of("delivered", "deferred", "failed", "expired", "held");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void perStoreEveryOutcomeOfAKnownStoreIsThereAtZeroFromTheStart() {
        MicrometerDeliveryEvents events = new MicrometerDeliveryEvents(registry, true);
        events.registerStores(List.of(STORE_12, UnitId.of("store-13")));

        for (String store : List.of("store-12", "store-13")) {
            for (String outcome : OUTCOMES) {
                assertThat(deliveries(outcome, store).count()).as(store + " " + outcome).isZero();
            }
        }
    }

    @Test
    void perStoreRecipientsAreCountedUnderTheirStoreAndANewStoreGetsAllItsOutcomesAtOnce() {
        MicrometerDeliveryEvents events = new MicrometerDeliveryEvents(registry, true);
        events.registerStores(List.of(STORE_12));

        events.recipients(STORE_12, Outcome.DELIVERED, 2);
        events.recipients(STORE_12, Outcome.DELIVERED, 1);
        events.recipients(UnitId.of("store-99"), Outcome.FAILED, 1);

        assertThat(deliveries("delivered", "store-12").count()).isEqualTo(3);
        assertThat(deliveries("failed", "store-99").count()).isEqualTo(1);
        assertThat(deliveries("held", "store-99").count()).isZero();
    }

    @Test
    void withoutTheStoreLabelThereIsOneCounterPerOutcomeAndNoStoreAnywhere() {
        MicrometerDeliveryEvents events = new MicrometerDeliveryEvents(registry, false);
        events.registerStores(List.of(STORE_12));

        events.recipients(STORE_12, Outcome.DEFERRED, 1);
        events.recipients(UnitId.of("store-13"), Outcome.DEFERRED, 1);

        assertThat(registry.find(MicrometerDeliveryEvents.DELIVERIES).counters()).hasSize(OUTCOMES.size())
                .allSatisfy(counter -> assertThat(counter.getId().getTag("store")).isNull());
        assertThat(registry.get(MicrometerDeliveryEvents.DELIVERIES).tag("outcome", "deferred").counter().count())
                .isEqualTo(2);
    }

    @Test
    void durationsGoIntoHistogramsWithFixedBucketsAndRetriesAndBouncesAreCounted() {
        MicrometerDeliveryEvents events = new MicrometerDeliveryEvents(registry, false);

        events.upstreamAttempt(Duration.ofMillis(300).toNanos());
        events.finished(Duration.ofMinutes(2));
        events.retryScheduled();
        events.bounceQueued();

        var attempt = registry.get(MicrometerDeliveryEvents.DELIVERY_DURATION).timer().takeSnapshot();
        assertThat(attempt.count()).isEqualTo(1);
        assertThat(Arrays.stream(attempt.histogramCounts()).mapToDouble(b -> b.bucket(TimeUnit.SECONDS)).toArray())
                .containsExactly(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120);
        assertThat(countAt(attempt.histogramCounts(), 0.25)).isZero();
        assertThat(countAt(attempt.histogramCounts(), 0.5)).isEqualTo(1);
        var delay = registry.get(MicrometerDeliveryEvents.QUEUE_DELAY).timer().takeSnapshot();
        assertThat(countAt(delay.histogramCounts(), 60)).isZero();
        assertThat(countAt(delay.histogramCounts(), 300)).isEqualTo(1);
        assertThat(registry.get(MicrometerDeliveryEvents.RETRIES_SCHEDULED).counter().count()).isEqualTo(1);
        assertThat(registry.get(MicrometerDeliveryEvents.BOUNCES).counter().count()).isEqualTo(1);
    }

    private Counter deliveries(String outcome, String store) {
        return registry.get(MicrometerDeliveryEvents.DELIVERIES).tag("outcome", outcome).tag("store", store).counter();
    }

    private static double countAt(CountAtBucket[] buckets, double seconds) {
        return Arrays.stream(buckets).filter(b -> b.bucket(TimeUnit.SECONDS) == seconds)
                .findFirst().orElseThrow().count();
    }
}
