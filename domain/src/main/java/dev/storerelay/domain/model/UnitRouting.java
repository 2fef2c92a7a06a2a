package dev.storerelay.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * The routing rules a unit owns (README, *Pointing a legacy system at it*, rules 3 and 4): its sender patterns and
 * client networks, in the order the admin gave them. A pattern or network belongs to at most one unit, so a lookup has
 * one answer.
 */
public record UnitRouting(UnitId unit, List<SenderPattern> senderPatterns, List<ClientNetwork> clientNetworks) {
    public UnitRouting {
        Objects.requireNonNull(unit, "unit");
        senderPatterns = List.copyOf(senderPatterns);
        clientNetworks = List.copyOf(clientNetworks);
    }

    /** A unit without routing rules of its own. */
    public static UnitRouting none(UnitId unit) {
        return new UnitRouting(unit, List.of(), List.of());
    }

    public boolean isEmpty() {
        return senderPatterns.isEmpty() && clientNetworks.isEmpty();
    }
}
