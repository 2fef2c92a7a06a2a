package dev.storerelay.delivery;

import dev.storerelay.application.port.out.ClaimDueMessagesPort;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * When the queue next has mail due, for workers deciding how long to sleep. The queue is asked at most every
 * {@link #REUSE}: under load the workers go idle after nearly every message, and each asking would cost a round
 * trip. What this process schedules itself (a retry, a deferral, mail given back) is known at once; mail queued by
 * others waits at most that much longer.
 */
final class NextDueTime {
    private static final Duration REUSE = Duration.ofMillis(100);

    private final ClaimDueMessagesPort queue;
    private final AtomicReference<Instant> soonestNoted = new AtomicReference<>();
    private volatile Asked asked;

    NextDueTime(ClaimDueMessagesPort queue) {
        this.queue = queue;
    }

    /** The queue's answer and when it was given (System.nanoTime). */
    private record Asked(Optional<Instant> at, long nanos) {
    }

    Optional<Instant> get() {
        long now = System.nanoTime();
        Asked known = asked;
        if (known == null || now - known.nanos() >= REUSE.toNanos()) {
            known = new Asked(queue.nextDueAt(), now);
            asked = known;
        }
        Instant noted = soonestNoted.get();
        return noted == null || known.at().isPresent() && known.at().get().isBefore(noted) ? known.at() : Optional.of(noted);
    }

    /** A due time this process has just set; {@code null} for none. */
    void noted(Instant due) {
        if (due != null) {
            soonestNoted.accumulateAndGet(due, (a, b) -> a == null || b.isBefore(a) ? b : a);
        }
    }

    /** The queue is being looked at {@code now}: what was due by then is taken care of, and the next answer is fresh. */
    void lookingAt(Instant now) {
        soonestNoted.updateAndGet(due -> due != null && !due.isAfter(now) ? null : due);
        asked = null;
    }
}
