package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.application.port.in.RecordRefusedSubmissionsUseCase;
import dev.storerelay.domain.model.RefusedSubmission;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps every batch of refusals, as the database would; can be made to hang (a database that does not answer) or
 * to fail (one that is down) until told otherwise.
 */
final class RecordingRefusals implements RecordRefusedSubmissionsUseCase {
    private final List<RefusedSubmission> recorded = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch hang = new CountDownLatch(0);
    private volatile RuntimeException failure;

    /** Every call waits until {@link #answerAgain()} (or 30 s). */
    void hang() {
        hang = new CountDownLatch(1);
    }

    void answerAgain() {
        hang.countDown();
    }

    /** Every call throws {@code failure} until called with {@code null}. */
    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    @Override
    public void record(List<RefusedSubmission> refusals) {
        threads.add(Thread.currentThread().getName());
        try {
            hang.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RuntimeException fail = failure;
        if (fail != null) {
            throw fail;
        }
        recorded.addAll(refusals);
    }

    List<RefusedSubmission> recorded() {
        return List.copyOf(recorded);
    }

    /** The threads the use case ran on: never an event loop. */
    List<String> threads() {
        return List.copyOf(threads);
    }
}
