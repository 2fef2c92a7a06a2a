package dev.storerelay.domain.model;

/**
 * Which rule of README, *Pointing a legacy system at it* decided the store of a message, in the order the rules are
 * tried.
 */
public enum RoutingReason {
    /** The client authenticated with a relay credential bound to the store. */
    AUTHENTICATED_CLIENT,
    /** The message named the store in the store header ({@code X-Store-Id}). */
    STORE_HEADER,
    /** The envelope sender matched one of the store's sender patterns. */
    SENDER_PATTERN,
    /** The client's address lies in one of the store's client networks. */
    CLIENT_NETWORK,
    /** No rule applied: the root unit. */
    ROOT_UNIT,
    /** Not from a client: the relay's own bounce (delivery status notification) about a message of the store. */
    BOUNCE
}
