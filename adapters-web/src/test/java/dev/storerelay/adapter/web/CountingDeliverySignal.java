package dev.storerelay.adapter.web;

import dev.storerelay.application.port.out.DeliverySignalPort;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts wake-ups of the delivery workers, so a test can see that a retry asked for delivery. */
final class CountingDeliverySignal implements DeliverySignalPort {
    private final AtomicInteger signals = new AtomicInteger();

    @Override
    public void messagesDue() {
        signals.incrementAndGet();
    }

    int signals() {
        return signals.get();
    }
}
