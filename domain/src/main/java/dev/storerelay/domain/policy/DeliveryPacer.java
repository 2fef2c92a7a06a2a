package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.RateLimit;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands out send slots per key (a store) so that each key keeps to its rate: a message may go at its slot, and the
 * next slot is one interval later, plus a margin. A message whose slot lies in the future waits in the queue for it
 * rather than holding a delivery thread, so a throttled store never delays the others. Not thread-safe; callers
 * synchronise.
 *
 * <p>The margin: a slot is when a send starts, but the provider counts messages when they arrive, and one delivery
 * takes longer than the next (the first opens the connection). Spaced exactly, a late first message and an on-time
 * 31st would fall into one minute of a 30-per-minute limit; 2% more space absorbs over a second of such jitter there.
 */
public final class DeliveryPacer {
    /** The spacing is the limit's interval plus this part of it. */
    private static final int MARGIN_DIVISOR = 50;

    private final Map<String, Instant> nextFree = new HashMap<>();

    /** Reserves the earliest slot at or after {@code now} for one message of {@code key}, and returns it. */
    public Instant reserve(String key, RateLimit limit, Instant now) {
        Instant free = nextFree.getOrDefault(key, now);
        Instant slot = free.isBefore(now) ? now : free;
        nextFree.put(key, slot.plus(spacing(limit)));
        return slot;
    }

    /** The time between two slots of one key: the limit's interval and the margin. */
    public static Duration spacing(RateLimit limit) {
        return limit.interval().plus(limit.interval().dividedBy(MARGIN_DIVISOR));
    }

    /** Forgets reservations that have passed, so idle keys do not accumulate. */
    public void forgetBefore(Instant instant) {
        nextFree.values().removeIf(next -> next.isBefore(instant));
    }
}
