package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.RateLimit;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands out send slots per key (a store) so that each key keeps to its rate: a message may go at its slot, and the
 * next slot is one interval later. A message whose slot lies in the future waits in the queue for it rather than
 * holding a delivery thread, so a throttled store never delays the others. Not thread-safe; callers synchronise.
 */
public final class DeliveryPacer {
    private final Map<String, Instant> nextFree = new HashMap<>();

    /** Reserves the earliest slot at or after {@code now} for one message of {@code key}, and returns it. */
    public Instant reserve(String key, RateLimit limit, Instant now) {
        Instant free = nextFree.getOrDefault(key, now);
        Instant slot = free.isBefore(now) ? now : free;
        nextFree.put(key, slot.plus(limit.interval()));
        return slot;
    }

    /** Forgets reservations that have passed, so idle keys do not accumulate. */
    public void forgetBefore(Instant instant) {
        nextFree.values().removeIf(next -> next.isBefore(instant));
    }
}
