package dev.storerelay.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports on the loopback interface for servers that must be told their port before they start. */
final class LoopbackPorts {
    private LoopbackPorts() {
    }

    /** A port nothing listens on just now; another program may still take it before the caller binds it. */
    static int unused() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
