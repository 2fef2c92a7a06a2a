package dev.storerelay.application.port.in;

import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DataEndGate;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.domain.model.UnitId;

import java.util.Optional;

/**
 * Delivering one leased message with its store's settings as they are now, on the caller's thread. Which thread,
 * when, and how many at once is the delivery runtime's business (docs/ARCHITECTURE.md, *The delivery runtime*).
 */
public interface DeliverMessageUseCase {

    /** The store's settings, rate limit and connection cap as they are now. */
    StorePlan plan(UnitId store);

    /** How many of the store's deliveries this process runs at once: {@link #plan}'s cap, without the settings. */
    int connectionCap(UnitId store);

    /**
     * The attempt that defers the message to its store's next send slot, when the store is rate-limited, has a
     * server and its slot is still to come; empty when the message may go now. Reserves the slot.
     */
    Optional<DeliveryAttempt> deferToSendSlot(ClaimedMessage message, StorePlan plan);

    /**
     * Sends the message upstream with the store's settings and the sender rewritten, or holds it when the store has
     * no server: the attempt to record. Empty when every connection the store may have is open (in any process):
     * that is no attempt. The data is ended upstream only once {@code dataEnd} opens.
     */
    Optional<DeliveryAttempt> forward(ClaimedMessage message, StorePlan plan, DataEndGate dataEnd);

    /** Tells monitoring what the attempt did, whether or not it gets recorded: it happened. */
    void report(ClaimedMessage message, DeliveryAttempt attempt);

    /** Sends the delivery status notification for the failed recipients of an attempt that is recorded. */
    void bounce(ClaimedMessage message, DeliveryAttempt attempt);
}
