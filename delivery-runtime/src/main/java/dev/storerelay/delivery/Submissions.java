package dev.storerelay.delivery;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliverySignalPort;
import dev.storerelay.application.port.out.EnqueueMessagePort;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.application.port.out.SubmitMessagePort;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Queues the listener's messages: one whose content is in memory goes to an idle delivery thread through the
 * {@link DeliveryHandoff} as soon as the database has given it an id; any other is queued due and the workers are
 * woken to claim it.
 */
public final class Submissions implements SubmitMessagePort {
    private final EnqueueMessagePort queue;
    private final DeliverySignalPort signal;
    private final DeliveryHandoff handoff;

    public Submissions(EnqueueMessagePort queue, DeliverySignalPort signal, DeliveryHandoff handoff) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.signal = Objects.requireNonNull(signal, "signal");
        this.handoff = Objects.requireNonNull(handoff, "handoff");
    }

    @Override
    public MessageId submit(NewMessage message) {
        if (message.content().inMemory() && handoff.reserve()) {
            return enqueueHandedOff(message);
        }
        MessageId id = queue.enqueue(message);
        signal.messagesDue();
        return id;
    }

    /**
     * Queued leased to the hand-off and given to a worker with its content still in memory, as soon as the database
     * has given it an id: the worker starts sending it upstream while the insert is committed, and ends the data
     * only once the message is queued (see {@link PendingInsert}). The client still gets its 250 only after the commit.
     */
    private MessageId enqueueHandedOff(NewMessage message) {
        PendingInsert insert = new PendingInsert();
        AtomicBoolean handedOff = new AtomicBoolean();
        MessageId id;
        try {
            id = queue.enqueueClaimed(message, handoff.owner(), handoff.leaseUntil(message.receivedAt()), known -> {
                handedOff.set(true);
                handoff.put(claimed(message, known), insert);
                signal.messageHandedOff();
            });
        } catch (RuntimeException e) {
            if (handedOff.get()) {
                insert.notQueued();                     // the worker drops it and gives its place back
            } else {
                handoff.cancel();
            }
            throw e;
        }
        if (handedOff.get()) {
            insert.queuedAs(id);
        } else {
            handoff.put(claimed(message, id));
            signal.messageHandedOff();
        }
        return id;
    }

    private static ClaimedMessage claimed(NewMessage message, MessageId id) {
        return new ClaimedMessage(id, message.store(), message.envelopeSender(), message.recipients(),
                message.fromDisplayName(), message.content(), message.clientName(), message.clientAddress(),
                message.receivedAt(), 0, null, message.messageIdHeader());
    }
}
