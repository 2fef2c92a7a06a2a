package dev.storerelay.application.port.out;

/** Tells the delivery workers that work may be due now, so that they need not wait for their next poll. */
public interface DeliverySignalPort {

    /** Non-blocking; may be called from any thread, any number of times. */
    void messagesDue();

    /**
     * A message was handed straight to this process's workers: wakes one to take it, without a look at the queue
     * (nothing new is due there). By default the same as {@link #messagesDue()}.
     */
    default void messageHandedOff() {
        messagesDue();
    }
}
