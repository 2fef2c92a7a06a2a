package dev.storerelay.adapter.persistence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts the embedded MariaDB again when its process ends while the relay runs (the out-of-memory killer, a crash):
 * the relay owns that server, and without it every message would be refused until the relay restarts. The pool
 * needs nothing: its URL names the same port, and its new connections reach the server once it is up.
 *
 * <p>Its death is noticed at once ({@link ProcessHandle#onExit()} of the child process). The first start follows at
 * once; while starts fail, or the server dies again soon after one, the next waits longer, doubling up to
 * {@link #MAX_DELAY}: a local server that cannot start (a full disk, say) is tried again often enough to bring mail back
 * soon after the cause is gone, without a tight loop of starts. One ERROR line for each death and each failed start.
 *
 * <p>Its one thread, {@code embedded-mariadb-watchdog}, lives from {@link #start()} to {@link #stop()}.
 */
final class EmbeddedMariaDbWatchdog {
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofSeconds(5);
    /** A server that ran this long is healthy again: its next death is restarted at once. */
    static final Duration STABLE_AFTER = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDbWatchdog.class);

    private final EmbeddedMariaDb server;
    private ScheduledExecutorService thread;
    private volatile boolean stopping;
    /** Starts that did not last {@link #STABLE_AFTER}, in a row; only the watchdog's thread touches it. */
    private int unstableStarts;
    private long startedAtNanos;

    EmbeddedMariaDbWatchdog(EmbeddedMariaDb server) {
        this.server = server;
    }

    synchronized void start() {
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread watchdog = new Thread(runnable, "embedded-mariadb-watchdog");
            watchdog.setDaemon(true);
            return watchdog;
        });
        startedAtNanos = System.nanoTime();
        thread.execute(this::watch);
    }

    /** Stops watching: a server stopped after this is not started again. */
    synchronized void stop() {
        stopping = true;
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(1, TimeUnit.MINUTES);       // a start under way finishes or fails first
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    private void watch() {
        ProcessHandle process = server.server().orElse(null);
        if (process == null) {
            died(-1);
            return;
        }
        process.onExit().thenRun(() -> {
            if (!stopping) {
                thread.execute(() -> died(process.pid()));
            }
        });
    }

    private void died(long pid) {
        if (stopping) {
            return;
        }
        boolean ranLongEnough = System.nanoTime() - startedAtNanos >= STABLE_AFTER.toNanos();
        unstableStarts = ranLongEnough ? 0 : unstableStarts + 1;
        Duration delay = delay(unstableStarts);
        LOG.error("The embedded MariaDB{} has stopped while the relay runs; starting it again{} on the same data "
                        + "directory. Until it is up, mail is refused with 451 and deliveries wait.",
                pid < 0 ? "" : " (pid " + pid + ")", delay.isZero() ? "" : " in " + delay.toMillis() + " ms");
        thread.schedule(this::startAgain, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void startAgain() {
        if (stopping) {
            return;
        }
        try {
            server.restart();
            startedAtNanos = System.nanoTime();
            LOG.warn("The embedded MariaDB runs again (pid {})", server.server().map(ProcessHandle::pid).orElse(-1L));
            watch();
        } catch (RuntimeException e) {
            if (stopping) {
                return;
            }
            unstableStarts++;
            Duration delay = delay(unstableStarts);
            LOG.error("The embedded MariaDB could not be started again: {}; trying again in {} ms", e.getMessage(),
                    delay.toMillis());
            thread.schedule(this::startAgain, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** No wait after a healthy run, then {@link #FIRST_DELAY}, doubling up to {@link #MAX_DELAY}. */
    static Duration delay(int unstableStarts) {
        if (unstableStarts == 0) {
            return Duration.ZERO;
        }
        long millis = FIRST_DELAY.toMillis() << Math.min(unstableStarts - 1, 16);
        return Duration.ofMillis(Math.min(millis, MAX_DELAY.toMillis()));
    }
}
