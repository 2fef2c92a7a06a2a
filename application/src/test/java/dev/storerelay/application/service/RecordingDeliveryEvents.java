package dev.storerelay.application.service;

import dev.storerelay.application.port.out.DeliveryEventsPort;
import dev.storerelay.domain.model.UnitId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Writes down every event, outcomes as "store OUTCOME count". */
final class RecordingDeliveryEvents implements DeliveryEventsPort {
    final List<String> outcomes = new ArrayList<>();
    final List<Duration> finished = new ArrayList<>();
    final List<Long> upstreamAttempts = new ArrayList<>();
    int retries;
    int bounces;

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
