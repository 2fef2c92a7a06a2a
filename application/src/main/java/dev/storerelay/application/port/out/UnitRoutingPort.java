package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.RoutingTable;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;

/**
 * Stores each unit's sender patterns and client networks (README, *Pointing a legacy system at it*, rules 3 and 4). A
 * pattern or network belongs to at most one unit; the store enforces that too, so two concurrent updates cannot both
 * take one.
 */
public interface UnitRoutingPort {

    /** Every unit's rules, in the order each unit's were saved. */
    RoutingTable loadRoutingTable();

    /** The unit's rules; {@link UnitRouting#none} when it has none (or does not exist). */
    UnitRouting loadRouting(UnitId unit);

    /**
     * Replaces the unit's rules with {@code routing} (empty lists remove them); the unit exists. Returns false, and
     * changes nothing, when another unit owns one of the patterns or networks by now.
     */
    boolean saveRouting(UnitRouting routing);
}
