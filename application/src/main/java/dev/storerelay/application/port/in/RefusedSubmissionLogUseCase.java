package dev.storerelay.application.port.in;

import dev.storerelay.domain.model.RefusedSubmission;

import java.util.List;

/** The submissions the relay listener refused, as an admin reads them. */
public interface RefusedSubmissionLogUseCase {

    /** A page of at most {@code limit} refusals, newest first, after skipping {@code offset}. */
    List<RefusedSubmission> refused(int limit, int offset);
}
