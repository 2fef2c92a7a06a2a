package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.DeliveryEventsPort;
import dev.storerelay.domain.model.UnitId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Writes down every event, outcomes as "store OUTCOME count". */
public final class RecordingDeliveryEvents implements DeliveryEventsPort {
    public final List<String> outcomes = new ArrayList<>();
    public final List<Duration> finished = new ArrayList<>();
    public final List<Long> upstreamAttempts = new ArrayList<>();
    public int retries;
    public int bounces;

    @Override
    public synchronized void recipients(UnitId store, Outcome outcome, int count) {
        outcomes.add(store + " " + outcome + " " + count);
    }

    @Override
    public synchronized void upstreamAttempt(long nanos) {
        upstreamAttempts.add(nanos);
    }

    @Override
    public synchronized void finished(Duration sinceReceipt) {
        finished.add(sinceReceipt);
    }

    @Override
    public synchronized void retryScheduled() {
        retries++;
    }

    @Override
    public synchronized void bounceQueued() {
        bounces++;
    }
}
