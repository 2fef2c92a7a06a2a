package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.DeliverySignalPort;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts how often delivery was woken for mail queued due. */
public final class CountingSignal implements DeliverySignalPort {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public void messagesDue() {
        count.incrementAndGet();
    }

    public int count() {
        return count.get();
    }
}
