package dev.storerelay.bootstrap;

import dev.storerelay.application.port.in.PurgeOldMessagesUseCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Deletes finished messages past their retention a minute after the start and then every hour, on its own thread. */
final class RetentionSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSchedule.class);
    private static final Duration FIRST_RUN = Duration.ofMinutes(1);
    private static final Duration INTERVAL = Duration.ofHours(1);

    private final PurgeOldMessagesUseCase purge;
    private ScheduledExecutorService executor;

    RetentionSchedule(PurgeOldMessagesUseCase purge) {
        this.purge = Objects.requireNonNull(purge, "purge");
    }

    synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "message-retention");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::purgeOnce, FIRST_RUN.toSeconds(), INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    /** Runs one purge; a failure (e.g. the database is away) is logged and the next run tries again. */
    void purgeOnce() {
        try {
            int deleted = purge.purgeOldMessages();
            if (deleted > 0) {
                LOG.info("Deleted {} finished message(s) past their retention", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not delete finished messages past their retention: {}", e.toString());
        }
    }

    synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
