package dev.storerelay.adapter.relay.inbound;

import java.util.Objects;

/**
 * The client's answer to an AUTH challenge (RFC 4954 §4): one line, exactly as sent (base64 or {@code *}). It is
 * not a command, so it is neither upper-cased nor split. It carries a password: never log it.
 */
record AuthLine(String text) {
    AuthLine {
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
        return "AuthLine[******]";
    }
}
