package dev.storerelay.application.service;

import dev.storerelay.application.port.in.CheckSubmitterUseCase;
import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.domain.policy.SubmitterPolicy;

import java.util.Objects;

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
        if (SubmitterPolicy.isLoopback(clientAddress)) {
            return true;
        }
        return SubmitterPolicy.mayRelayWithoutAuthentication(clientAddress, routing.loadRoutingTable());
    }
}
