package dev.storerelay.adapter.relay.inbound;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The listener's connections, counted in all and per client address. The last {@code reserved} of the
 * {@code max} slots are only for clients that may use the reserve (loopback's own address, a unit's client
 * networks): a flood from anywhere else takes at most {@code max - reserved}, and the systems that submit mail can
 * still connect. Only admitted connections count, so refused ones never crowd out the next client.
 *
 * <p>Whether a client may use the reserve can need a look-up that blocks (the client networks). It is asked only
 * when nothing but reserved slots is left, and only {@code reserved} look-ups at a time, so a flood cannot queue up
 * threads behind them. Thread-safe: the event loops share one instance.
 */
final class ConnectionSlots {

    /** What became of a connection. */
    enum Admission {
        /** Counted in; {@link #giveBack} when it closes. */
        ADMITTED,
        /** Every slot is taken, or every one this client may take. */
        FULL,
        /** The client has as many connections open as one address may. */
        CLIENT_FULL,
        /** Only reserved slots are left, and whether this client may take one is not known yet. */
        RESERVED_ONLY
    }

    private final int max;
    private final int perClient;
    private final int reserved;
    private final Map<InetAddress, Integer> fromClient = new HashMap<>();
    private int open;
    private int lookups;

    ConnectionSlots(int max, int perClient, int reserved) {
        if (max <= 0 || perClient <= 0 || reserved < 0 || reserved >= max) {
            throw new IllegalArgumentException("slots: max " + max + ", per client " + perClient + ", reserved " + reserved);
        }
        this.max = max;
        this.perClient = perClient;
        this.reserved = reserved;
    }

    /**
     * Counts the connection in if a slot is free to it.
     *
     * @param mayUseReserve whether the client may take a reserved slot; {@code false} also when that is not known
     *                      yet, which then answers {@link Admission#RESERVED_ONLY} where a known client might get in
     */
    synchronized Admission take(InetAddress client, boolean mayUseReserve) {
        if (open >= max) {
            return Admission.FULL;
        }
        if (fromClient.getOrDefault(client, 0) >= perClient) {
            return Admission.CLIENT_FULL;
        }
        if (!mayUseReserve && open >= max - reserved) {
            return Admission.RESERVED_ONLY;
        }
        open++;
        fromClient.merge(client, 1, Integer::sum);
        return Admission.ADMITTED;
    }

    /** The slot of an admitted connection that has closed. */
    synchronized void giveBack(InetAddress client) {
        open--;
        fromClient.computeIfPresent(client, (address, count) -> count == 1 ? null : count - 1);
    }

    /** Whether another look-up of a client's right to the reserve may start; if so, {@link #lookupDone} after it. */
    synchronized boolean startLookup() {
        if (lookups >= reserved) {
            return false;
        }
        lookups++;
        return true;
    }

    synchronized void lookupDone() {
        lookups--;
    }

    synchronized int open() {
        return open;
    }
}
