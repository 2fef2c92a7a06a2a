package dev.storerelay.application.service;

import dev.storerelay.application.port.in.CheckSubmitterUseCase;
import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.domain.policy.SubmitterPolicy;

import java.util.Objects;
import java.util.Optional;

/**
 * The open-relay check of each new connection. Loopback clients are answered without the database; for any other
 * address the client networks are read fresh, so a network removed by an admin stops admitting clients at once.
 * Throws when the networks cannot be loaded; the listener then answers with a temporary failure.
 */
public final class CheckSubmitterService implements CheckSubmitterUseCase {
    private final UnitRoutingPort routing;

    public CheckSubmitterService(UnitRoutingPort routing) {
        this.routing = Objects.requireNonNull(routing, "routing");
    }

    @Override
    public boolean mayRelayWithoutAuthentication(String clientAddress) {
        return answerWithoutLookup(clientAddress)
                .orElseGet(() -> SubmitterPolicy.mayRelayWithoutAuthentication(clientAddress, routing.loadRoutingTable()));
    }

    @Override
    public Optional<Boolean> answerWithoutLookup(String clientAddress) {
        return SubmitterPolicy.isLoopback(clientAddress) ? Optional.of(true) : Optional.empty();
    }
}
