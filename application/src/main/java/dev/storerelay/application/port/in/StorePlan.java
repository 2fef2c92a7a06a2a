package dev.storerelay.application.port.in;

import dev.storerelay.application.port.out.ConnectionQuota;
import dev.storerelay.domain.model.RateLimit;

import java.util.Objects;
import java.util.Optional;

/**
 * What delivering a store's mail needs to know now, read once per store and delivery round: a round usually holds
 * one store's mail.
 *
 * @param settings      the store's effective settings; empty when the store no longer exists
 * @param rateLimit     the store's own or inherited rate limit, if any
 * @param quota         the provider's limit on the store's open connections across every relay process, if set
 * @param connectionCap how many of the store's deliveries this process runs at once
 */
public record StorePlan(Optional<ResolvedSettings> settings, Optional<RateLimit> rateLimit,
                        Optional<ConnectionQuota> quota, int connectionCap) {
    public StorePlan {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(quota, "quota");
        if (connectionCap < 1) {
            throw new IllegalArgumentException("connectionCap must be at least 1");
        }
    }

    /** Whether the store has a server to send to, on its own or inherited. */
    public boolean hasServer() {
        return settings.flatMap(ResolvedSettings::connectionPlan).isPresent();
    }
}
