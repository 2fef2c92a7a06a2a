package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.IpAddress;
import dev.storerelay.domain.model.RoutingTable;

/**
 * Who may submit mail without SMTP AUTH, so the relay is never an open relay (DESIGN §5): processes on this host
 * (loopback: 127.0.0.0/8, {@code ::1}, and {@code ::ffff:127.x.y.z} from dual-stack sockets) and clients inside
 * some unit's client networks. Everyone else must authenticate with a relay credential.
 */
public final class SubmitterPolicy {
    private SubmitterPolicy() {
    }

    /** Whether the client address (as a socket reports it) is a loopback address; text that is none is not. */
    public static boolean isLoopback(String clientAddress) {
        return IpAddress.parseClient(clientAddress).map(IpAddress::isLoopback).orElse(false);
    }

    public static boolean mayRelayWithoutAuthentication(String clientAddress, RoutingTable routing) {
        return isLoopback(clientAddress) || routing.inAnyClientNetwork(clientAddress);
    }
}
