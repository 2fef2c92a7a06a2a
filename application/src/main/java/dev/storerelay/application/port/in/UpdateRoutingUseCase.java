package dev.storerelay.application.port.in;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;

import java.util.List;
import java.util.Optional;

/**
 * Read and replace a unit's sender patterns and client networks (README, *Pointing a legacy system at it*, rules 3 and
 * 4).
 */
public interface UpdateRoutingUseCase {

    /** The unit's rules, normalised; empty if the unit is unknown. */
    Optional<UnitRouting> routing(UnitId unit);

    /**
     * Replaces the unit's rules. {@code NotFound}; {@code Invalid} with fields such as {@code senderPatterns[2]};
     * {@code Conflict} when another unit owns one of the entries, naming it.
     */
    Outcome updateRouting(UnitId unit, List<String> senderPatterns, List<String> clientNetworks);
}
