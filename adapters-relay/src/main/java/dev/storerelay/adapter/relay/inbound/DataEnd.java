package dev.storerelay.adapter.relay.inbound;

/** The {@code CRLF.CRLF} that ends DATA, and whether the message in between kept to the limits. */
enum DataEnd {
    /** Every chunk of the message was delivered. */
    COMPLETE,
    /** The message exceeded the size limit; chunks past the limit were dropped (RFC 5321 §4.5.3.1.7). */
    TOO_LARGE,
    /** A text line exceeded 1000 octets (RFC 5321 §4.5.3.1.6); it was dropped. */
    LINE_TOO_LONG
}
