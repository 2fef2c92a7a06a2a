package dev.storerelay.adapter.relay;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The relay listener that legacy systems submit mail to (DESIGN §5): where it binds and the limits it enforces.
 *
 * @param bindAddress     host name or IP literal to bind; {@code 127.0.0.1} by default, never an open relay
 * @param port            0–65535; 0 binds an ephemeral port (tests)
 * @param serverName      the name in the greeting and the EHLO reply
 * @param maxMessageBytes the message size limit, advertised as {@code SIZE} and enforced while receiving
 * @param maxRecipients   recipients per transaction; more earn {@code 452 4.5.3}
 * @param idleTimeout     a client silent this long is disconnected with {@code 421 4.4.2}
 * @param maxConnections  concurrent connections; more are refused with {@code 421 4.3.2}
 * @param storeHeaderName the header that names the store ({@code X-Store-Id}, DESIGN §3 rule 2)
 */
public record ListenerConfig(String bindAddress, int port, String serverName, long maxMessageBytes, int maxRecipients,
                             Duration idleTimeout, int maxConnections, String storeHeaderName) {
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 2525;
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 25L * 1024 * 1024;
    public static final int DEFAULT_MAX_RECIPIENTS = 100;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_CONNECTIONS = 200;
    public static final String DEFAULT_STORE_HEADER_NAME = "X-Store-Id";

    // RFC 5322 §3.6.8 field name: printable ASCII except the colon.
    private static final Pattern FIELD_NAME = Pattern.compile("[\\x21-\\x39\\x3b-\\x7e]+");
    // The name goes verbatim into the greeting and EHLO reply lines.
    private static final Pattern SERVER_NAME = Pattern.compile("[\\x21-\\x7e]{1,255}");

    public ListenerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(storeHeaderName, "storeHeaderName");
        if (bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
        if (!SERVER_NAME.matcher(serverName).matches()) {
            throw new IllegalArgumentException("serverName must be 1-255 printable ASCII characters without spaces");
        }
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes must be positive: " + maxMessageBytes);
        }
        if (maxRecipients <= 0) {
            throw new IllegalArgumentException("maxRecipients must be positive: " + maxRecipients);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
        }
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
        }
        if (!FIELD_NAME.matcher(storeHeaderName).matches()) {
            throw new IllegalArgumentException("storeHeaderName is not a header field name: " + storeHeaderName);
        }
    }

    /** 127.0.0.1:2525, the local host name, 25 MiB, 100 recipients, 5 minutes idle, 200 connections, X-Store-Id. */
    public static ListenerConfig defaults() {
        return new ListenerConfig(DEFAULT_BIND_ADDRESS, DEFAULT_PORT, localHostName(), DEFAULT_MAX_MESSAGE_BYTES,
                DEFAULT_MAX_RECIPIENTS, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_STORE_HEADER_NAME);
    }

    private static String localHostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name != null && SERVER_NAME.matcher(name).matches() ? name : "localhost";
        } catch (UnknownHostException | SecurityException e) {
            return "localhost";
        }
    }
}
