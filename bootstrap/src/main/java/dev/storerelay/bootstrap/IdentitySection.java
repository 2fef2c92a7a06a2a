package dev.storerelay.bootstrap;

import dev.storerelay.domain.model.EmailAddress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

/**
 * The names the listener and the deliveries share: the relay's host name, the header that names a message's store,
 * and the sender of mail whose store sets none.
 */
record IdentitySection(String hostName, String storeHeader, EmailAddress defaultSender) {
    static final ConfigKey HOSTNAME = ConfigKey.of("STORE_RELAY_HOSTNAME", null);
    static final ConfigKey STORE_HEADER = ConfigKey.of("STORE_RELAY_STORE_HEADER", "X-Store-Id");
    static final ConfigKey DEFAULT_SENDER = ConfigKey.of("STORE_RELAY_DEFAULT_SENDER", "no-reply@localhost");
    static final List<ConfigKey> KEYS = List.of(DEFAULT_SENDER, HOSTNAME, STORE_HEADER);

    IdentitySection {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(storeHeader, "storeHeader");
        Objects.requireNonNull(defaultSender, "defaultSender");
    }

    static IdentitySection read(ConfigValues values) {
        String sender = values.text(DEFAULT_SENDER);
        if (!EmailAddress.isValid(sender)) {
            throw new ConfigException(DEFAULT_SENDER.variable() + ": expected an e-mail address such as no-reply@example.com, got '" + sender + "'");
        }
        String header = values.text(STORE_HEADER);
        // RFC 5322 §3.6.8 field name: printable ASCII except the colon.
        if (!header.matches("[\\x21-\\x39\\x3b-\\x7e]+")) {
            throw new ConfigException(STORE_HEADER.variable() + ": expected a header field name such as X-Store-Id, got '" + header + "'");
        }
        String hostName = values.text(HOSTNAME) != null ? values.text(HOSTNAME) : localHostName();
        if (!hostName.matches("[\\x21-\\x7e]{1,255}")) {
            throw new ConfigException(HOSTNAME.variable() + ": expected a host name, got '" + hostName + "'");
        }
        return new IdentitySection(hostName, header, new EmailAddress(sender));
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    String describe() {
        return "default sender " + defaultSender + ", host name " + hostName + ", store header " + storeHeader;
    }
}
