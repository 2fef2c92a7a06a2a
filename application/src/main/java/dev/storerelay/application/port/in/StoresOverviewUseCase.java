package dev.storerelay.application.port.in;

import dev.storerelay.domain.model.UnitId;

import java.util.OptionalInt;

/** The stores overview: which stores cannot send right now, and why (issue #22). */
public interface StoresOverviewUseCase {

    /** The stores (leaf units) the query asks for, in its order, one page of them. */
    StoresPage stores(StoresQuery query);

    /**
     * Tries the deferred mail of the unit's stores (the unit's whole subtree) now instead of at its next retry.
     * Returns how many messages will be tried; empty when the unit does not exist.
     */
    OptionalInt retryDeferred(UnitId unit);
}
