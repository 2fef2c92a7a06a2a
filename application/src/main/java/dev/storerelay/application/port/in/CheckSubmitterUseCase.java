package dev.storerelay.application.port.in;

/** Whether a client may submit mail without authenticating, so the relay is never an open relay (DESIGN §5). */
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
    default java.util.Optional<Boolean> answerWithoutLookup(String clientAddress) {
        return java.util.Optional.empty();
    }
}
