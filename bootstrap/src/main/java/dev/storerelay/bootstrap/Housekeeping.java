package dev.storerelay.bootstrap;

import dev.storerelay.application.port.in.PurgeOldMessagesUseCase;
import dev.storerelay.application.port.in.ReleaseHeldMailUseCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Periodic work on its own thread: every minute, held mail whose store has a server by now is released (the safety
 * net under the release on a settings change); a minute after the start and then every hour, finished messages past
 * their retention are deleted. A failed run is logged and the next one tries again.
 */
final class Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    private static final Duration FIRST_RUN = Duration.ofMinutes(1);
    private static final Duration PURGE_INTERVAL = Duration.ofHours(1);
    private static final Duration HELD_MAIL_INTERVAL = Duration.ofMinutes(1);

    private final PurgeOldMessagesUseCase purge;
    private final ReleaseHeldMailUseCase heldMail;
    private ScheduledExecutorService executor;

    Housekeeping(PurgeOldMessagesUseCase purge, ReleaseHeldMailUseCase heldMail) {
        this.purge = Objects.requireNonNull(purge, "purge");
        this.heldMail = Objects.requireNonNull(heldMail, "heldMail");
    }

    synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::purgeOnce, FIRST_RUN.toSeconds(), PURGE_INTERVAL.toSeconds(), TimeUnit.SECONDS);
        executor.scheduleWithFixedDelay(this::checkHeldMailOnce, FIRST_RUN.toSeconds(), HELD_MAIL_INTERVAL.toSeconds(),
                TimeUnit.SECONDS);
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

    /** Runs one check of the held mail; a failure is logged and the next run tries again. */
    void checkHeldMailOnce() {
        try {
            int released = heldMail.releaseHeldMailWithServers();
            if (released > 0) {
                LOG.info("Released {} held message(s): their stores have a server now", released);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not check the held mail: {}", e.toString());
        }
    }

    synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
