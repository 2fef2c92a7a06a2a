package dev.storerelay.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * @param threads      concurrent deliveries in this process
 * @param batchSize    messages a worker claims at once
 * @param pollInterval the longest a worker sleeps without a signal; bounds how late it notices mail queued by
 *                     another relay process or a lapsed lease
 * @param processName  names this process in leases, e.g. host and pid
 */
public record DeliveryWorkerConfig(int threads, int batchSize, Duration pollInterval, String processName) {
    public DeliveryWorkerConfig {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(processName, "processName");
        if (threads < 1 || batchSize < 1) {
            throw new IllegalArgumentException("threads and batchSize must be at least 1");
        }
    }
}
