package dev.storerelay.adapter.web;

import java.util.Objects;

/**
 * Where the admin web listens (README, *Configuration*: {@code STORE_RELAY_ADMIN_BIND} / {@code STORE_RELAY_ADMIN_PORT}).
 *
 * @param port          0 picks a free port (tests); {@link WebServer#port()} tells which
 * @param secureCookies mark the admin page's session cookie {@code Secure} even on plain HTTP requests: for a
 *                      TLS-terminating proxy in front. Off by default, because the admin binds to loopback over plain
 *                      HTTP and a {@code Secure} cookie would never be sent back there. Requests that arrive over
 *                      HTTPS get {@code Secure} anyway.
 * @param defaultSender the operator's system default sender ({@code STORE_RELAY_DEFAULT_SENDER}), which the SMTP Server
 *                      page names where a unit sets no outgoing address
 */
public record WebConfig(String bindAddress, int port, boolean secureCookies, String defaultSender) {
    public static final int MAX_PORT = 65535;
    /** The system default sender when the operator sets none: no server should accept mail from it. */
    public static final String BUILT_IN_DEFAULT_SENDER = "no-reply@localhost";

    public WebConfig {
        Objects.requireNonNull(defaultSender, "defaultSender");
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be blank");
        }
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("port must be 0-" + MAX_PORT + ": " + port);
        }
    }

}
