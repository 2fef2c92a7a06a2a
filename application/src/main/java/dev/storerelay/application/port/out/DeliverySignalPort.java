package dev.storerelay.application.port.out;

/** Tells the delivery workers that work may be due now, so that they need not wait for their next poll. */
public interface DeliverySignalPort {

    /** Non-blocking; may be called from any thread, any number of times. */
    void messagesDue();
}
