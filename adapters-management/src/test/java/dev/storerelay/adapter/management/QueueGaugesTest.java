package dev.storerelay.adapter.management;

import dev.storerelay.application.port.in.MonitorQueueUseCase;
import dev.storerelay.application.port.out.QueueStatistics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class QueueGaugesTest {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<QueueStatistics> answer = new AtomicReference<>(new QueueStatistics(7, 2, T0));
    private final MonitorQueueUseCase queue = () -> {
        reads.incrementAndGet();
        QueueStatistics statistics = answer.get();
        if (statistics == null) {
            throw new IllegalStateException("the database is down");
        }
        return statistics;
    };
    private final Clock clock = Clock.fixed(T0.plusSeconds(90), ZoneOffset.UTC);
    private QueueGauges gauges;

    @Test
    void theGaugesAreThereAtZeroBeforeTheFirstRead() {
        gauges = new QueueGauges(registry, queue, clock);

        assertThat(gauge("queued")).isZero();
        assertThat(gauge("held")).isZero();
        assertThat(registry.get(QueueGauges.OLDEST_AGE).gauge().value()).isZero();
        assertThat(reads).hasValue(0);
    }

    @Test
    void scrapesReadTheLastAnswerAndNeverTheDatabase() {
        gauges = new QueueGauges(registry, queue, clock);
        gauges.refresh();

        for (int i = 0; i < 100; i++) {
            assertThat(gauge("queued")).isEqualTo(7);
            assertThat(gauge("held")).isEqualTo(2);
            assertThat(registry.get(QueueGauges.OLDEST_AGE).gauge().value()).isEqualTo(90);
        }
        assertThat(reads).hasValue(1);
    }

    @Test
    void aFailedReadKeepsTheLastValues() {
        gauges = new QueueGauges(registry, queue, clock);
        gauges.refresh();
        answer.set(null);
        gauges.refresh();
        assertThat(gauge("queued")).isEqualTo(7);

        answer.set(QueueStatistics.EMPTY);
        gauges.refresh();
        assertThat(gauge("queued")).isZero();
        assertThat(registry.get(QueueGauges.OLDEST_AGE).gauge().value()).isZero();
    }

    private double gauge(String status) {
        return registry.get(QueueGauges.MESSAGES).tag("status", status).gauge().value();
    }
}
