package dev.storerelay.application.service;

import dev.storerelay.application.port.in.RecordRefusedSubmissionsUseCase;
import dev.storerelay.application.port.in.RefusedSubmissionLogUseCase;
import dev.storerelay.application.port.out.RefusedSubmissionsPort;
import dev.storerelay.domain.model.RefusedSubmission;

import java.util.List;
import java.util.Objects;

/**
 * The refusals of the relay listener: written in batches by the listener, read by the admin, and bounded in number,
 * so that a flood of refusals fills neither the disk nor the page (their age is {@link MessageRetentionService}'s).
 *
 * <p>Counting rows would cost as much as deleting them, so the newest are kept by a trim now and then: before the
 * batch that takes what was written since the last trim past {@code trimEvery}, everything but the newest
 * {@code maxKept} less room for that much more is deleted. So this process's writing never takes the table past
 * {@code maxKept}; each further relay process on the same database adds at most {@code trimEvery} between its trims.
 * The first batch after the start trims, whatever an earlier process left. The trim comes first so that a batch that
 * fails may be written again without being written twice.
 */
public final class RefusedSubmissionsService implements RecordRefusedSubmissionsUseCase, RefusedSubmissionLogUseCase {
    /** Trims at least every this many refusals; more often for a small {@code maxKept}. */
    static final int MAX_TRIM_INTERVAL = 1_000;

    private final RefusedSubmissionsPort refusals;
    private final int maxKept;
    private final int trimEvery;
    private int writtenSinceTrim;

    /** @param maxKept how many refusals are kept at most, the newest */
    public RefusedSubmissionsService(RefusedSubmissionsPort refusals, int maxKept) {
        this.refusals = Objects.requireNonNull(refusals, "refusals");
        if (maxKept < 1) {
            throw new IllegalArgumentException("at least one refusal must be kept: " + maxKept);
        }
        this.maxKept = maxKept;
        this.trimEvery = Math.max(1, Math.min(MAX_TRIM_INTERVAL, maxKept / 10));
        this.writtenSinceTrim = trimEvery;
    }

    @Override
    public void record(List<RefusedSubmission> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<RefusedSubmission> kept = batch.size() > maxKept ? batch.subList(batch.size() - maxKept, batch.size()) : batch;
        if (writtenSinceTrim + kept.size() > trimEvery) {
            refusals.keepNewest(maxKept - Math.min(maxKept, Math.max(trimEvery, kept.size())));
            writtenSinceTrim = 0;
        }
        refusals.append(List.copyOf(kept));
        writtenSinceTrim += kept.size();
    }

    @Override
    public List<RefusedSubmission> refused(int limit, int offset) {
        return refusals.newestFirst(limit, offset);
    }
}
