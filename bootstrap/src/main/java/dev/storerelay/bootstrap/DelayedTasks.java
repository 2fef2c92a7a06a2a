package dev.storerelay.bootstrap;

import dev.storerelay.application.port.out.RunLaterPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread ({@code delayed-tasks}) on which the application's tasks run after a delay, such as the second
 * release of held mail a few seconds after a settings change. Its thread starts with the first task and ends after a
 * minute without one; {@link Lifecycle} stops it before the database, dropping what is still pending.
 */
final class DelayedTasks implements RunLaterPort {
    private static final Logger LOG = LoggerFactory.getLogger(DelayedTasks.class);
    private static final Duration IDLE = Duration.ofMinutes(1);

    private final ScheduledThreadPoolExecutor executor;

    DelayedTasks() {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "delayed-tasks");
            thread.setDaemon(true);                     // a pending task never keeps the process alive
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setKeepAliveTime(IDLE.toSeconds(), TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
    }

    @Override
    public void runLater(Duration delay, Runnable task) {
        try {
            executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("a delayed task was dropped: the relay is stopping");
        }
    }

    void stop() {
        executor.shutdownNow();
    }
}
