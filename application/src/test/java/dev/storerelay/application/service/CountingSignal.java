package dev.storerelay.application.service;

import dev.storerelay.application.port.out.DeliverySignalPort;
import java.util.concurrent.atomic.AtomicInteger;

final class CountingSignal implements DeliverySignalPort {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public void messagesDue() {
        count.incrementAndGet();
    }

    int count() {
        return count.get();
    }
}
