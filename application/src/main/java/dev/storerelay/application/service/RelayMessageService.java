package dev.storerelay.application.service;

import dev.storerelay.application.port.in.RelayMessageCommand;
import dev.storerelay.application.port.in.RelayMessageUseCase;
import dev.storerelay.application.port.in.RelayResult;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.application.port.out.SubmitMessagePort;
import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.domain.model.RoutingDecision;
import dev.storerelay.domain.model.RoutingFacts;
import dev.storerelay.domain.policy.StoreRouter;

import java.time.Clock;
import java.util.Objects;

public final class RelayMessageService implements RelayMessageUseCase {
    private final LoadOrgTreePort loadTree;
    private final UnitRoutingPort routing;
    private final SubmitMessagePort submissions;
    private final Clock clock;

    public RelayMessageService(LoadOrgTreePort loadTree, UnitRoutingPort routing, SubmitMessagePort submissions,
                               Clock clock) {
        this.loadTree = Objects.requireNonNull(loadTree, "loadTree");
        this.routing = Objects.requireNonNull(routing, "routing");
        this.submissions = Objects.requireNonNull(submissions, "submissions");
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
        return new RelayResult.Accepted(submissions.submit(message), routed.store());
    }
}
