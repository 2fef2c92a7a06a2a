package dev.storerelay.domain.model;

/** Whether a store can send, as the stores overview shows it; {@link #OK} is the only one that is not a problem. */
public enum StoreStatus {
    /** The store has no effective SMTP server: its mail is held until one is set. */
    HELD_NO_SERVER,
    /** The store's last attempts all failed. */
    FAILING,
    /** Some of the store's mail waits for a retry after a temporary failure. */
    DEFERRED,
    /** The store's mail waits for send slots under its rate limit. */
    RATE_LIMITED,
    OK;

    public boolean isProblem() {
        return this != OK;
    }
}
