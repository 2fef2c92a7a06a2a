package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.IpAddress;
import dev.storerelay.domain.model.RoutingTable;

/**
 * Who may submit mail without SMTP AUTH, so the relay is never an open relay (README, *Security*): processes on this
 * host (loopback: 127.0.0.0/8, {@code ::1}, and {@code ::ffff:127.x.y.z} from dual-stack sockets) and clients inside
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

    /** Whether the client address is loopback's own, {@code 127.0.0.1} or {@code ::1} (also IPv4-mapped). */
    public static boolean isLoopbackOwnAddress(String clientAddress) {
        return IpAddress.parseClient(clientAddress).map(IpAddress::isLoopbackOwnAddress).orElse(false);
    }

    /**
     * Whether the client may take one of the listener's reserved connections, which a flood must not take from the
     * systems that submit mail: loopback's own address and addresses inside some unit's client networks. The rest
     * of 127.0.0.0/8 may submit but not take the reserve: any local process can connect from all of those
     * addresses, so a limit per client address does not hold it back, and the systems that send mail connect from
     * 127.0.0.1 unless they are set up otherwise (then their address belongs in a client network).
     */
    public static boolean mayUseReservedConnection(String clientAddress, RoutingTable routing) {
        return isLoopbackOwnAddress(clientAddress) || routing.inAnyClientNetwork(clientAddress);
    }
}
