package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.application.port.in.RecordRefusedSubmissionsUseCase;

import java.time.Clock;

/** Refusal recorders with the listener's own queue, batch and pauses. */
final class TestRefusalRecorders {
    private TestRefusalRecorders() {
    }

    static RefusalRecorder writingTo(RecordRefusedSubmissionsUseCase writer, Clock clock, ListenerMetrics metrics) {
        return new RefusalRecorder(writer, clock, metrics, RefusalRecorder.DEFAULT_CAPACITY,
                RefusalRecorder.DEFAULT_MAX_BATCH, RefusalRecorder.DEFAULT_FIRST_PAUSE,
                RefusalRecorder.DEFAULT_GIVE_UP_AFTER, System::nanoTime);
    }

    /**
     * For sessions whose refusals nobody reads: never started, so nothing is written; its queue holds what one
     * connection may record ({@link SessionRefusals#MAX_PER_CONNECTION}), so nothing is dropped either.
     */
    static RefusalRecorder unread() {
        return new RefusalRecorder(refusals -> { }, Clock.systemUTC(), ListenerMetrics.none(),
                SessionRefusals.MAX_PER_CONNECTION, RefusalRecorder.DEFAULT_MAX_BATCH, RefusalRecorder.DEFAULT_FIRST_PAUSE,
                RefusalRecorder.DEFAULT_GIVE_UP_AFTER, System::nanoTime);
    }
}
