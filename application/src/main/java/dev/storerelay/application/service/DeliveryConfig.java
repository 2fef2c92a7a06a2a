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
 */
public record DeliveryConfig(String relayHostName, String storeHeaderName, Duration lease, RetryPolicy retry) {
    public DeliveryConfig {
        Objects.requireNonNull(relayHostName, "relayHostName");
        Objects.requireNonNull(storeHeaderName, "storeHeaderName");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(retry, "retry");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive");
        }
    }
}
