package dev.storerelay.application.port.out;

/**
 * Asked by the forwarder once a message's content is written upstream and before it ends the data (the final dot of
 * RFC 5321 §4.1.1.4), which is when the upstream takes the message on. A worker may start sending a message whose
 * insert into the queue is still being committed; the gate keeps the upstream from accepting it until the commit
 * is known.
 */
@FunctionalInterface
public interface DataEndGate {
    /** For a message that is queued already. */
    DataEndGate OPEN = () -> true;

    /**
     * Waits, if need be, until it is decided. False: the forwarder abandons the transaction without ending the data
     * (it closes the connection, and the upstream discards what it got, RFC 5321 §4.1.1.4).
     */
    boolean mayEnd();
}
