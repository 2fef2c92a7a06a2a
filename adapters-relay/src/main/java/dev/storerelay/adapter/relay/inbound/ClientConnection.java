package dev.storerelay.adapter.relay.inbound;

import java.util.Objects;

/**
 * What the listener knows about the other end of a connection before the client says anything.
 *
 * @param address          the client's IP address as text
 * @param loopback         the client connected over a loopback address
 * @param trustedSubmitter the submitter check lets this address submit without authenticating
 * @param tls              the connection is encrypted (after {@code STARTTLS})
 */
record ClientConnection(String address, boolean loopback, boolean trustedSubmitter, boolean tls) {
    ClientConnection {
        Objects.requireNonNull(address, "address");
    }

    ClientConnection withTls() {
        return new ClientConnection(address, loopback, trustedSubmitter, true);
    }
}
