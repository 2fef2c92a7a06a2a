package dev.storerelay.application.service;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.in.RelayMessageCommand;
import dev.storerelay.application.port.in.RelayMessageUseCase;
import dev.storerelay.application.port.in.RelayResult;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliverySignalPort;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.EnqueueMessagePort;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.domain.model.RoutingDecision;
import dev.storerelay.domain.model.RoutingFacts;
import dev.storerelay.domain.policy.StoreRouter;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

public final class RelayMessageService implements RelayMessageUseCase {
    private final LoadOrgTreePort loadTree;
    private final UnitRoutingPort routing;
    private final EnqueueMessagePort queue;
    private final DeliverySignalPort deliverySignal;
    private final Clock clock;
    private final DeliveryHandoff handoff;

    /** Without a hand-off: every message is queued due and claimed by a worker. */
    public RelayMessageService(LoadOrgTreePort loadTree, UnitRoutingPort routing, EnqueueMessagePort queue,
                               DeliverySignalPort deliverySignal, Clock clock) {
        this(loadTree, routing, queue, deliverySignal, clock, null);
    }

    /** @param handoff where in-memory messages go to this process's workers at once; {@code null} for none */
    public RelayMessageService(LoadOrgTreePort loadTree, UnitRoutingPort routing, EnqueueMessagePort queue,
                               DeliverySignalPort deliverySignal, Clock clock, DeliveryHandoff handoff) {
        this.handoff = handoff;
        this.loadTree = Objects.requireNonNull(loadTree, "loadTree");
        this.routing = Objects.requireNonNull(routing, "routing");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.deliverySignal = Objects.requireNonNull(deliverySignal, "deliverySignal");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public RelayResult relay(RelayMessageCommand command) {
        RoutingFacts facts = new RoutingFacts(command.authenticatedUnit(), command.storeHeaderValues(),
                command.envelopeSender(), command.clientAddress());
        RoutingDecision decision = StoreRouter.route(facts, loadTree.loadOrgTree(), routing.loadRoutingTable());
        if (decision instanceof RoutingDecision.Refused refused) {
            return new RelayResult.Refused(refused.refusal(), refused.explanation());
        }
        RoutingDecision.Routed routed = (RoutingDecision.Routed) decision;
        NewMessage message = new NewMessage(routed.store(), routed.reason(), routed.explanation(),
                command.envelopeSender(), command.recipients(), command.fromDisplayName(), command.content(),
                command.clientName(), command.clientAddress(), clock.instant(), command.messageIdHeader(),
                command.subject());
        if (handoff != null && message.content().inMemory() && handoff.reserve()) {
            MessageId id = enqueueHandedOff(message);
            return new RelayResult.Accepted(id, routed.store());
        }
        MessageId id = queue.enqueue(message);
        deliverySignal.messagesDue();
        return new RelayResult.Accepted(id, routed.store());
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
                deliverySignal.messageHandedOff();
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
            deliverySignal.messageHandedOff();
        }
        return id;
    }

    private static ClaimedMessage claimed(NewMessage message, MessageId id) {
        return new ClaimedMessage(id, message.store(), message.envelopeSender(), message.recipients(),
                message.fromDisplayName(), message.content(), message.clientName(), message.clientAddress(),
                message.receivedAt(), 0, null, message.messageIdHeader());
    }
}
