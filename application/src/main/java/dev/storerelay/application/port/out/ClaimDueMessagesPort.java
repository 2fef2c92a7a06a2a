package dev.storerelay.application.port.out;

import dev.storerelay.application.port.MessageId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Takes due messages for delivery under a lease, gives one back untried, and tells when the next falls due. Safe for
 * several relay processes on one database: a message is leased by one worker at a time, and a lease that is not
 * released (crashed worker) lapses at its end.
 */
public interface ClaimDueMessagesPort {

    /**
     * Leases up to {@code max} messages that are due ({@code next attempt <= now}) and not leased by anyone else,
     * oldest due first, until {@code leaseUntil}. Held messages are due only at their expiry.
     */
    List<ClaimedMessage> claimDue(Instant now, int max, String worker, Instant leaseUntil);

    /**
     * Gives a claimed message back untried, due again at {@code dueAt}, without an attempt-history entry (e.g. its
     * store has its maximum of deliveries under way). Ignored (false) when {@code worker} no longer holds the lease.
     */
    boolean postpone(MessageId id, Instant dueAt, String worker);

    /** When the next message falls due, if any is waiting (held messages count at their expiry). */
    Optional<Instant> nextDueAt();
}
