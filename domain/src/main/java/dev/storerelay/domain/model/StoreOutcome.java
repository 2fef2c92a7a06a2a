package dev.storerelay.domain.model;

/** How a store's last recorded delivery attempt ended, as the stores overview tells it. */
public enum StoreOutcome {
    /** At least one recipient was delivered and none is left. */
    DELIVERED,
    /** The upstream was asked and the message waits for another attempt. */
    DEFERRED,
    /** The message ended failed or expired. */
    FAILED,
    /** No upstream was asked: the store has no SMTP server. */
    HELD,
    /** No upstream was asked: the message waits for its send slot under the store's rate limit. */
    RATE_LIMITED;

    /**
     * @param held   the attempt held the message (no server)
     * @param counts the attempt asked an upstream
     * @param status the message's status after the attempt
     */
    public static StoreOutcome of(boolean held, boolean counts, MessageStatus status) {
        if (status == MessageStatus.FAILED || status == MessageStatus.EXPIRED) {
            return FAILED;
        }
        if (held || status == MessageStatus.HELD) {
            return HELD;
        }
        if (status == MessageStatus.DELIVERED) {
            return DELIVERED;
        }
        return counts ? DEFERRED : RATE_LIMITED;
    }
}
