package dev.storerelay.application.port;

/** The queue's id of an accepted message; also shown to the client in the {@code 250} reply. */
public record MessageId(long value) {
    public MessageId {
        if (value <= 0) {
            throw new IllegalArgumentException("message ids are positive: " + value);
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
