package dev.storerelay.application.port.in;

import dev.storerelay.domain.model.RefusedSubmission;

import java.util.List;

/** Keeps what the relay listener refused at the door, for the admin to see (the Refused page, {@code GET /api/refused}). */
public interface RecordRefusedSubmissionsUseCase {

    /**
     * Stores the refusals, as one batch, and keeps only the newest ones when there are more than the relay keeps.
     * Blocks until they are written (the database): never call it on an event loop. Throws when they could not be
     * written; then none of them was. One writer calls it (the listener's refusal recorder): calls must not overlap.
     */
    void record(List<RefusedSubmission> refusals);
}
