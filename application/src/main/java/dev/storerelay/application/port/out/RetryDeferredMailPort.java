package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.UnitId;

import java.time.Instant;
import java.util.Set;

/** Retries the deferred mail of stores now, after a change that may let it go. */
public interface RetryDeferredMailPort {

    /**
     * Makes the deferred messages of these stores due now: queued, not held, waiting for a later attempt. A message
     * leased to a worker stays due at its lease's end (its attempt is under way). Returns how many.
     */
    int retryDeferred(Set<UnitId> stores, Instant now);
}
