package dev.storerelay.adapter.relay.inbound;

/** Input the decoder refused; the session answers it like a command. */
enum InputError {
    /** A command line exceeded its limit (RFC 5321 §4.5.3.1.4); the rest of the line is discarded. */
    COMMAND_LINE_TOO_LONG,
    /** A command line held a NUL octet (never valid in SMTP commands); the line is discarded. */
    NUL_IN_COMMAND,
    /**
     * A CR not followed by LF, or an LF not preceded by CR. Lines are never re-synchronised after this: an
     * ambiguous line end is how SMTP smuggling hides a second message (CVE-2023-51764), so the session closes.
     */
    BARE_LINE_END
}
