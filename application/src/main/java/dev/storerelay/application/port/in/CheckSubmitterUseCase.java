package dev.storerelay.application.port.in;

import java.util.Optional;

/**
 * Whether a client may submit mail without authenticating, so the relay is never an open relay (README, *Security*),
 * and whether it may take one of the connections the listener keeps for the systems that submit mail.
 */
public interface CheckSubmitterUseCase {

    /**
     * True for a loopback address and for an address inside some unit's client networks; false otherwise (the
     * client must authenticate). {@code clientAddress} is an IPv4 or IPv6 literal as the socket reports it.
     */
    boolean mayRelayWithoutAuthentication(String clientAddress);

    /**
     * The same answer when it needs no look-up (a loopback client), else empty: the listener then greets such a
     * client at once instead of waiting for a thread that may block.
     */
    default Optional<Boolean> answerWithoutLookup(String clientAddress) {
        return Optional.empty();
    }

    /**
     * True for loopback's own address ({@code 127.0.0.1}, {@code ::1}) and for an address inside some unit's client
     * networks: such a client may take the connections the listener keeps in reserve when all others are taken.
     * False for everyone else, the rest of 127.0.0.0/8 included. May block, like
     * {@link #mayRelayWithoutAuthentication}.
     */
    boolean mayUseReservedConnection(String clientAddress);

    /** The same answer when it needs no look-up (loopback's own address), else empty. */
    default Optional<Boolean> reservedConnectionWithoutLookup(String clientAddress) {
        return Optional.empty();
    }
}
