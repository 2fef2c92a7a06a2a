package dev.storerelay.application.service;

import dev.storerelay.application.port.in.CheckSubmitterUseCase;
import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.domain.policy.SubmitterPolicy;

import java.util.Objects;
import java.util.Optional;

/**
 * The open-relay check of each new connection, and the check for a reserved connection slot. Loopback clients (for
 * the slots: loopback's own address) are answered without a look-up; for any other address the client networks
 * come from the routing port, which serves a snapshot kept in memory and reads the database only when the
 * configuration has changed or the snapshot has aged, so a network removed by an admin stops admitting clients
 * soon. Throws when the networks cannot be loaded; the listener then answers with a temporary failure.
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

    @Override
    public boolean mayUseReservedConnection(String clientAddress) {
        return reservedConnectionWithoutLookup(clientAddress)
                .orElseGet(() -> SubmitterPolicy.mayUseReservedConnection(clientAddress, routing.loadRoutingTable()));
    }

    @Override
    public Optional<Boolean> reservedConnectionWithoutLookup(String clientAddress) {
        return SubmitterPolicy.isLoopbackOwnAddress(clientAddress) ? Optional.of(true) : Optional.empty();
    }
}
