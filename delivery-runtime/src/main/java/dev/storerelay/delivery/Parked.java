package dev.storerelay.delivery;

import dev.storerelay.application.port.out.ClaimedMessage;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A message leased by {@code owner} (a worker, or the hand-off) since {@code since}. Any delivery thread of this
 * process may deliver it and records the outcome under that lease. A handed-off message taken before its insert
 * was committed has that {@code insert} until it is settled ({@link LeasedOutcomes#settle}); any other has none.
 */
record Parked(ClaimedMessage message, String owner, Instant since, PendingInsert insert,
                      AtomicBoolean settled) {
    Parked(ClaimedMessage message, String owner, Instant since) {
        this(message, owner, since, null, new AtomicBoolean());
    }

    Parked(ClaimedMessage message, String owner, Instant since, PendingInsert insert) {
        this(message, owner, since, insert, new AtomicBoolean());
    }
}
