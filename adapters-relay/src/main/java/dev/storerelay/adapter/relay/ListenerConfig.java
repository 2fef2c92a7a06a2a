package dev.storerelay.adapter.relay;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The relay listener that legacy systems submit mail to (README, *Security*): where it binds and the limits it
 * enforces.
 *
 * @param bindAddress     host name or IP literal to bind; {@code 127.0.0.1} by default, never an open relay
 * @param port            0–65535; 0 binds an ephemeral port (tests)
 * @param serverName      the name in the greeting and the EHLO reply
 * @param maxMessageBytes the message size limit, advertised as {@code SIZE} and enforced while receiving
 * @param maxRecipients   recipients per transaction; more earn {@code 452 4.5.3}
 * @param idleTimeout     a client that completes no line for this long is disconnected with {@code 421 4.4.2}; it is
 *                        the idle and the command timeout in one, since bytes without a line end (slow-loris) do
 *                        not count as activity
 * @param maxConnections  concurrent connections; more are refused with {@code 421 4.3.2}
 * @param maxConnectionsPerClient concurrent connections from one client IP address; more get {@code 421 4.3.2}, so
 *                        one misbehaving system cannot take every slot
 * @param reservedConnections of {@code maxConnections}, how many only clients that may use the reserve can take
 *                        (loopback's own address and clients in a unit's client networks): a flood from elsewhere,
 *                        from other loopback addresses too, then still leaves room for the systems that submit mail;
 *                        0–{@code maxConnections - 1}, so that clients that must authenticate can always connect
 * @param maxCommandLineOctets a command line including CRLF; at least 512 (RFC 5321 §4.5.3.1.4); longer earns {@code 500}
 * @param maxTextLineOctets a line of message text including CRLF; at least 1000 (RFC 5321 §4.5.3.1.6); longer
 *                        refuses the message with {@code 552 5.6.0}
 * @param storeHeaderName the header that names the store ({@code X-Store-Id}; README, *Pointing a legacy system at
 *                        it*, rule 2)
 */
public record ListenerConfig(String bindAddress, int port, String serverName, long maxMessageBytes, int maxRecipients,
                             Duration idleTimeout, int maxConnections, int maxConnectionsPerClient,
                             int reservedConnections, int maxCommandLineOctets, int maxTextLineOctets,
                             String storeHeaderName) {
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 2525;
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 25L * 1024 * 1024;
    public static final int DEFAULT_MAX_RECIPIENTS = 100;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_CONNECTIONS = 200;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 50;
    /** RFC 5321 §4.5.3.1.4: the minimum every server must accept, and our default. */
    public static final int MIN_COMMAND_LINE_OCTETS = 512;
    /** RFC 5321 §4.5.3.1.6: the minimum every server must accept, and our default. */
    public static final int MIN_TEXT_LINE_OCTETS = 1000;
    /** Enough for any sane use; a line is buffered whole, so the limit bounds memory per connection. */
    public static final int MAX_LINE_OCTETS = 64 * 1024;
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
        if (maxConnectionsPerClient <= 0 || maxConnectionsPerClient > maxConnections) {
            throw new IllegalArgumentException("maxConnectionsPerClient must be 1-maxConnections: " + maxConnectionsPerClient);
        }
        if (reservedConnections < 0 || reservedConnections >= maxConnections) {
            throw new IllegalArgumentException("reservedConnections must be 0-(maxConnections - 1): " + reservedConnections);
        }
        if (maxCommandLineOctets < MIN_COMMAND_LINE_OCTETS || maxCommandLineOctets > MAX_LINE_OCTETS) {
            throw new IllegalArgumentException("maxCommandLineOctets must be " + MIN_COMMAND_LINE_OCTETS + "-"
                    + MAX_LINE_OCTETS + ": " + maxCommandLineOctets);
        }
        if (maxTextLineOctets < MIN_TEXT_LINE_OCTETS || maxTextLineOctets > MAX_LINE_OCTETS) {
            throw new IllegalArgumentException("maxTextLineOctets must be " + MIN_TEXT_LINE_OCTETS + "-"
                    + MAX_LINE_OCTETS + ": " + maxTextLineOctets);
        }
        if (!FIELD_NAME.matcher(storeHeaderName).matches()) {
            throw new IllegalArgumentException("storeHeaderName is not a header field name: " + storeHeaderName);
        }
    }

    /**
     * A quarter of the connections, at least one, but never all of them. With the defaults that is 50: as many as
     * one client may open, so a legacy system on 127.0.0.1 keeps its whole share through a flood, and 150 remain
     * for everyone else, clients that must authenticate included. (Exim's {@code smtp_accept_reserve} is the same
     * idea.) A listener of a single connection has nothing to reserve.
     */
    public static int defaultReservedConnections(int maxConnections) {
        return Math.max(0, Math.min(maxConnections - 1, Math.max(1, maxConnections / 4)));
    }

    /**
     * 127.0.0.1:2525, the local host name, 25 MiB, 100 recipients, 5 minutes idle, 200 connections (50 per client,
     * 50 reserved), 512/1000-octet lines, X-Store-Id.
     */
    public static ListenerConfig defaults() {
        return new ListenerConfig(DEFAULT_BIND_ADDRESS, DEFAULT_PORT, localHostName(), DEFAULT_MAX_MESSAGE_BYTES,
                DEFAULT_MAX_RECIPIENTS, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_CLIENT,
                defaultReservedConnections(DEFAULT_MAX_CONNECTIONS), MIN_COMMAND_LINE_OCTETS, MIN_TEXT_LINE_OCTETS,
                DEFAULT_STORE_HEADER_NAME);
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
