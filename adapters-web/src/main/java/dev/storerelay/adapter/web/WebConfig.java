package dev.storerelay.adapter.web;

import java.util.Objects;

/**
 * Where the admin web listens (DESIGN §7: {@code STORE_RELAY_ADMIN_BIND} / {@code STORE_RELAY_ADMIN_PORT}).
 *
 * @param port          0 picks a free port (tests); {@link WebServer#port()} tells which
 * @param secureCookies mark the admin page's session cookie {@code Secure} even on plain HTTP requests: for a
 *                      TLS-terminating proxy in front. Off by default, because the admin binds to loopback over plain
 *                      HTTP and a {@code Secure} cookie would never be sent back there. Requests that arrive over
 *                      HTTPS get {@code Secure} anyway.
 */
public record WebConfig(String bindAddress, int port, boolean secureCookies) {
    public static final int MAX_PORT = 65535;

    public WebConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be blank");
        }
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("port must be 0-" + MAX_PORT + ": " + port);
        }
    }

    public WebConfig(String bindAddress, int port) {
        this(bindAddress, port, false);
    }
}
