package dev.storerelay.application.service;

import dev.storerelay.domain.policy.RetryPolicy;

import java.time.Duration;
import java.util.Objects;

/**
 * How delivery behaves.
 *
 * @param relayHostName   this relay's name in the {@code Received:} header
 * @param storeHeaderName the header that names the store ({@code X-Store-Id}); removed before forwarding
 * @param lease           how long a worker owns a claimed message; longer than any single delivery may take
 * @param maxDeliveriesPerStore concurrent deliveries of one store in this process; the rest waits briefly, so a
 *                        store whose upstream hangs cannot take every delivery thread (no head-of-line blocking)
 * @param bounces         whether failed and expired recipients are reported to the original envelope sender with a
 *                        delivery status notification (RFC 3464); off by default
 */
public record DeliveryConfig(String relayHostName, String storeHeaderName, Duration lease, RetryPolicy retry,
                             int maxDeliveriesPerStore, boolean bounces) {
    public DeliveryConfig {
        Objects.requireNonNull(relayHostName, "relayHostName");
        Objects.requireNonNull(storeHeaderName, "storeHeaderName");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(retry, "retry");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive");
        }
        if (maxDeliveriesPerStore < 1) {
            throw new IllegalArgumentException("maxDeliveriesPerStore must be at least 1");
        }
    }
}
