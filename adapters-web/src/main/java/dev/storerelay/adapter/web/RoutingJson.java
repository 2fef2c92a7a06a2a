package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.ClientNetwork;
import dev.storerelay.domain.model.SenderPattern;
import dev.storerelay.domain.model.UnitRouting;

import java.util.List;

/** A unit's sender patterns and client networks as the API shows them: normalised text, networks with prefix. */
record RoutingJson(List<String> senderPatterns, List<String> clientNetworks) {

    static RoutingJson of(UnitRouting routing) {
        return new RoutingJson(routing.senderPatterns().stream().map(SenderPattern::toString).toList(),
                routing.clientNetworks().stream().map(ClientNetwork::toString).toList());
    }
}
