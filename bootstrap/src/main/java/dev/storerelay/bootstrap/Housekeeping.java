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
import java.util.function.IntSupplier;

/**
 * Periodic work on its own thread: every minute, held mail whose store has a server by now is released (the safety
 * net under the release on a settings change); a minute after the start and then every hour, finished messages past
 * their retention are deleted, and the listener's refusals older than that. A failed run is logged and the next one
 * tries again.
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

    /** Runs one purge. */
    void purgeOnce() {
        runOnce(purge::purgeOldMessages, "Deleted {} finished message(s) past their retention",
                "delete finished messages past their retention");
        runOnce(purge::purgeOldRefusals, "Deleted {} refused submission(s) past the message retention",
                "delete refused submissions past the message retention");
    }

    /** Runs one check of the held mail. */
    void checkHeldMailOnce() {
        runOnce(heldMail::releaseHeldMailWithServers, "Released {} held message(s): their stores have a server now",
                "check the held mail");
    }

    /** A failure (e.g. the database is away) is logged, not thrown: a scheduled task that throws never runs again. */
    private static void runOnce(IntSupplier task, String doneMessage, String what) {
        try {
            int done = task.getAsInt();
            if (done > 0) {
                LOG.info(doneMessage, done);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not {}: {}", what, e.toString());
        }
    }

    synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
