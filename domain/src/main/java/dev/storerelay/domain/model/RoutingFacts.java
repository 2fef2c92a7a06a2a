package dev.storerelay.domain.model;

import java.util.List;
import java.util.Optional;

/**
 * What the relay knows about a submitted message when it decides its store.
 *
 * @param authenticatedUnit  the unit of the relay credential the client authenticated with, {@code null} if none
 * @param storeHeaderValues  the values of every store header in the message (usually none or one), as found
 * @param envelopeSender     the {@code MAIL FROM} address, {@code null} for the null reverse-path
 * @param clientAddress      the client's IP address as text
 */
public record RoutingFacts(UnitId authenticatedUnit, List<String> storeHeaderValues, EmailAddress envelopeSender,
                           String clientAddress) {
    public RoutingFacts {
        storeHeaderValues = List.copyOf(storeHeaderValues);
    }

    public Optional<UnitId> authenticated() {
        return Optional.ofNullable(authenticatedUnit);
    }
}
