package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.RefusedSubmission;

import java.time.Instant;
import java.util.List;

/** Where the refusals of the relay listener are kept. */
public interface RefusedSubmissionsPort {

    /** Adds the refusals in one transaction: all of them or, when it throws, none. */
    void append(List<RefusedSubmission> refusals);

    /** At most {@code limit} refusals, newest first (by time, then by order of arrival), after skipping {@code offset}. */
    List<RefusedSubmission> newestFirst(int limit, int offset);

    /** Deletes the refusals from before {@code before}; returns how many. */
    int deleteBefore(Instant before);

    /** Deletes all but the newest {@code count} refusals (in the order of {@link #newestFirst}); returns how many. */
    int keepNewest(int count);
}
