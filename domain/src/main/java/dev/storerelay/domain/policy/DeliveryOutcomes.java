package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.UpstreamReply;

/**
 * What an upstream reply means for a recipient (README, *Delivery*): 2xx delivered, 5xx failed permanently, anything
 * else (4xx, timeouts, connection and TLS errors) tried again.
 */
public final class DeliveryOutcomes {
    private DeliveryOutcomes() {
    }

    /** {@link RecipientStatus#PENDING} means "try again later". */
    public static RecipientStatus classify(UpstreamReply reply) {
        if (reply.isPositive()) {
            return RecipientStatus.DELIVERED;
        }
        if (reply.isPermanentFailure()) {
            return RecipientStatus.FAILED;
        }
        return RecipientStatus.PENDING;
    }
}
