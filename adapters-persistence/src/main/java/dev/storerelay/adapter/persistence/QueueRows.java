package dev.storerelay.adapter.persistence;

import dev.storerelay.domain.model.RecipientStatus;

/** What the queue's adapters say alike about its rows. */
final class QueueRows {
    static final String PENDING = RecipientStatus.PENDING.name();
    /**
     * Due now, but a message a worker holds stays due at its lease's end: due earlier, another worker would claim
     * and deliver it a second time. Two parameters, both "now".
     */
    static final String DUE_NOW_UNLESS_LEASED = "GREATEST(?, COALESCE(lease_until, ?))";

    private QueueRows() {
    }
}
