package dev.storerelay.adapter.management;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * A check that asks something that may hang (the database: while it is down the pool waits 10 s for a connection),
 * answered within {@code timeout}. The question runs on a thread of its own and only one is asked at a time: a
 * request that comes while one is under way waits for that answer (at most what is left of its timeout), never asks
 * again; an answer is reused for {@code reuseFor}, so a prober that calls in a loop does not load the database. An
 * answer later than the timeout is a failure too.
 *
 * <p>Logs when the check goes down (with the cause, which stays out of the answer: it may name a host) and when it
 * is up again. Its one thread, {@code readiness-<name>}, lives until {@link #close()}.
 */
public final class TimedCheck implements ReadinessCheck, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TimedCheck.class);

    /** The question; returns normally when the answer is yes. */
    @FunctionalInterface
    public interface Probe {
        void run() throws Exception;
    }

    private final String name;
    private final Probe probe;
    private final long timeoutNanos;
    private final long reuseNanos;
    private final LongSupplier nanoTime;
    private final ExecutorService thread;
    private CompletableFuture<Result> flight;
    private long flightStarted;
    private Result last;
    private long lastAt;
    private boolean wasDown;

    /** @param nanoTime the clock of the timeout and of the reuse */
    public TimedCheck(String name, Probe probe, Duration timeout, Duration reuseFor, LongSupplier nanoTime) {
        this.name = Objects.requireNonNull(name, "name");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.timeoutNanos = timeout.toNanos();
        this.reuseNanos = reuseFor.toNanos();
        this.nanoTime = nanoTime;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread checking = new Thread(runnable, "readiness-" + name);
            checking.setDaemon(true);
            return checking;
        });
    }

    @Override
    public Result check() {
        CompletableFuture<Result> answer;
        long started;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (last != null && now - lastAt < reuseNanos) {
                return last;
            }
            if (flight == null) {
                flightStarted = now;
                // A question answered at once completes here, and finished() clears the field at once: keep our own.
                CompletableFuture<Result> asked = CompletableFuture.supplyAsync(() -> ask(now), thread);
                flight = asked;
                asked.whenComplete((result, error) -> finished(result));
                answer = asked;
            } else {
                answer = flight;
            }
            started = flightStarted;
        }
        long left = timeoutNanos - (nanoTime.getAsLong() - started);
        try {
            return answer.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Result.down(Duration.ofNanos(timeoutNanos), "no answer within " + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
        } catch (ExecutionException e) {
            return Result.down(null, e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.down(null, "interrupted");
        }
    }

    private Result ask(long started) {
        try {
            probe.run();
            Duration took = Duration.ofNanos(nanoTime.getAsLong() - started);
            if (took.toNanos() > timeoutNanos) {
                return Result.down(took, "answered after " + took.toMillis() + " ms");
            }
            if (wasDown) {
                LOG.info("Readiness: {} is up again", name);
            }
            wasDown = false;
            return Result.up(took);
        } catch (Exception e) {
            if (!wasDown) {
                LOG.warn("Readiness: {} is down: {}", name, e.toString());
            }
            wasDown = true;
            return Result.down(Duration.ofNanos(nanoTime.getAsLong() - started), e.getClass().getSimpleName());
        }
    }

    private synchronized void finished(Result result) {
        flight = null;
        if (result != null) {
            last = result;
            lastAt = nanoTime.getAsLong();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
