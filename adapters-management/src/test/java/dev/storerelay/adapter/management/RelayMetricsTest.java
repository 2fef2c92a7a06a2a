package dev.storerelay.adapter.management;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.application.port.out.QueueStatistics;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RelayMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<OrgUnit> units = new CopyOnWriteArrayList<>(List.of(new OrgUnit(UnitId.of("company"), "Company", null)));
    private final AtomicInteger queueReads = new AtomicInteger();
    private RelayMetrics metrics;

    @AfterEach
    void stop() {
        if (metrics != null) {
            metrics.stop();
        }
    }

    @Test
    void startReadsTheQueueAndRegistersTheKnownStoresAtOnceThenKeepsUpWithNewOnes() {
        metrics = new RelayMetrics(new MicrometerDeliveryEvents(registry, true), new QueueGauges(registry, () -> {
            queueReads.incrementAndGet();
            return QueueStatistics.EMPTY;
        }, Clock.systemUTC()), new FakeUnits(units), Duration.ofMillis(20));

        metrics.start();
        assertThat(queueReads).hasValue(1);
        assertThat(registry.find(MicrometerDeliveryEvents.DELIVERIES).tag("store", "company").counters()).hasSize(5);

        units.add(new OrgUnit(UnitId.of("store-12"), "Store 12", UnitId.of("company")));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                registry.find(MicrometerDeliveryEvents.DELIVERIES).tag("store", "store-12").counters().size() == 5);
        assertThat(queueReads.get()).isGreaterThan(1);
    }

    private record FakeUnits(List<OrgUnit> units) implements ManageOrgUnitsUseCase {
        @Override
        public List<OrgUnit> listUnits() {
            return List.copyOf(units);
        }

        @Override
        public Outcome putUnit(UnitId id, String name, UnitId parentId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Outcome createUnit(UnitId id, String name, UnitId parentId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Outcome renameUnit(UnitId id, String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Outcome moveUnit(UnitId id, UnitId parentId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Outcome deleteUnit(UnitId id) {
            throw new UnsupportedOperationException();
        }
    }
}
