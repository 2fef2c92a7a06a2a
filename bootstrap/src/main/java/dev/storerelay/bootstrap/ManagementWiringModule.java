package dev.storerelay.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.storerelay.adapter.management.Readiness;
import dev.storerelay.adapter.management.ReadinessCheck;
import dev.storerelay.adapter.management.TimedCheck;
import dev.storerelay.adapter.persistence.Database;
import dev.storerelay.adapter.relay.inbound.SmtpServer;
import dev.storerelay.application.port.in.MonitorQueueUseCase;
import dev.storerelay.application.port.out.LoadQueueStatisticsPort;
import dev.storerelay.application.service.MonitorQueueService;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the management listener reports: readiness and the queue's statistics. */
final class ManagementWiringModule extends AbstractModule {
    /** Readiness: the database must answer {@code SELECT 1} this soon (the pool would wait 10 s for a connection). */
    static final Duration DATABASE_CHECK_TIMEOUT = Duration.ofSeconds(2);
    /** Readiness: an answer of the database is reused this long, however often a prober asks. */
    static final Duration DATABASE_CHECK_REUSE = Duration.ofSeconds(1);

    /**
     * Ready (README, *Operations*): the database answers within {@link #DATABASE_CHECK_TIMEOUT}, the SMTP listener is
     * bound, and the relay is not draining (stopping).
     */
    @Provides
    @Singleton
    Readiness readiness(Database database, SmtpServer smtp, Draining draining) {
        Map<String, ReadinessCheck> checks = new LinkedHashMap<>();
        checks.put("database", new TimedCheck("database", database::ping, DATABASE_CHECK_TIMEOUT, DATABASE_CHECK_REUSE,
                System::nanoTime));
        checks.put("smtpListener", ReadinessCheck.of(smtp::isListening));
        checks.put("draining", ReadinessCheck.of(() -> !draining.isDraining()));
        return new Readiness(checks);
    }

    @Provides
    @Singleton
    MonitorQueueUseCase monitorQueue(LoadQueueStatisticsPort queue) {
        return new MonitorQueueService(queue);
    }
}
