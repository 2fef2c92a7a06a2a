package dev.storerelay.adapter.oauth2;

import java.util.Objects;

/**
 * A token request that gave no token; its message is fit for an admin (host and error, never a secret) and is what
 * each port turns into its own failure.
 */
final class TokenEndpointException extends Exception {
    private final String error;

    /** @param error the endpoint's OAuth 2.0 error code; {@code null} when it gave none */
    TokenEndpointException(String message, String error, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.error = error;
    }

    /** The endpoint's OAuth 2.0 error code, or {@code null}. */
    String error() {
        return error;
    }
}
