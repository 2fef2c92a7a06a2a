package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.application.port.in.CheckSubmitterUseCase;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Answers the submitter check as told (by default: everyone may submit) and records who was asked about. */
final class FakeSubmitters implements CheckSubmitterUseCase {
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile Predicate<String> trusted = address -> true;

    static FakeSubmitters trustingNobody() {
        FakeSubmitters submitters = new FakeSubmitters();
        submitters.trusted = address -> false;
        return submitters;
    }

    @Override
    public boolean mayRelayWithoutAuthentication(String clientAddress) {
        asked.add(clientAddress);
        return trusted.test(clientAddress);
    }

    /** Answered as told, like the submitter check: a fake for the reserve with a look-up. */
    @Override
    public boolean mayUseReservedConnection(String clientAddress) {
        asked.add(clientAddress);
        return trusted.test(clientAddress);
    }

    List<String> asked() {
        return List.copyOf(asked);
    }
}
