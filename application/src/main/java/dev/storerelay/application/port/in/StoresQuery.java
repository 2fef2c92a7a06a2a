package dev.storerelay.application.port.in;

import java.util.Objects;

/**
 * A page of the stores overview.
 *
 * @param problemsOnly leave out stores whose status is {@code OK}
 * @param search       part of a store's id or name, any case; empty: every store
 */
public record StoresQuery(boolean problemsOnly, String search, StoreSort sort, int limit, int offset) {
    public StoresQuery {
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(sort, "sort");
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit is positive and offset not negative");
        }
    }

    /** The orders of the overview; the counts go from the most to the fewest, the rest from A to Z. */
    public enum StoreSort {
        /** The most urgent status first, and within one status the longest-standing first. */
        STATUS,
        ID,
        NAME,
        QUEUED,
        DEFERRED,
        HELD,
        FAILED24H
    }
}
