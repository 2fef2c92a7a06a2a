package dev.storerelay.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A client network of a unit (README, *Pointing a legacy system at it*, rule 4): an IPv4 or IPv6 CIDR block such as
 * {@code 10.1.0.0/16} or {@code 2001:db8::/32}; a bare address is a single host ({@code /32}, {@code /128}).
 *
 * <p>Host bits after the prefix must be zero: {@code 10.1.2.3/16} is refused rather than silently widened, since
 * it is more likely a typo for {@code 10.1.2.3/32} or {@code 10.1.0.0/16} than either. An IPv4-mapped IPv6 block
 * ({@code ::ffff:10.0.0.0/104}) is kept as the IPv4 block it covers, so both spellings are one network. The whole
 * address space ({@code /0}) is refused: every client in a network may submit without authenticating, so it would
 * make the relay an open relay.
 */
public record ClientNetwork(IpAddress address, int prefixLength) {
    private static final int MAPPED_PREFIX_BITS = 96;

    public ClientNetwork {
        Objects.requireNonNull(address, "address");
        if (prefixLength < 1 || prefixLength > address.bits()) {
            throw new IllegalArgumentException("prefix length must be 1-" + address.bits() + ": " + prefixLength);
        }
        if (address.isIpv4Mapped() && prefixLength >= MAPPED_PREFIX_BITS) {
            throw new IllegalArgumentException("an IPv4-mapped network is an IPv4 network: use parse()");
        }
        if (!address.withoutHostBits(prefixLength).equals(address)) {
            throw new IllegalArgumentException("host bits are set after the prefix: " + address + "/" + prefixLength);
        }
    }

    /** Why {@code text} is not a client network, or empty when it is one. */
    public static Optional<String> problem(String text) {
        return Optional.ofNullable(read(text).problem());
    }

    /** The network in {@code text}; empty when {@link #problem} finds one. */
    public static Optional<ClientNetwork> parse(String text) {
        return Optional.ofNullable(read(text).network());
    }

    private record Reading(ClientNetwork network, String problem) {
        static Reading problem(String problem) {
            return new Reading(null, problem);
        }
    }

    private static Reading read(String text) {
        if (Texts.isBlank(text)) {
            return Reading.problem("Enter a network such as 10.1.0.0/16, 192.0.2.7 or 2001:db8::/32.");
        }
        int slash = text.indexOf('/');
        Optional<IpAddress> parsed = IpAddress.parse(slash < 0 ? text : text.substring(0, slash));
        if (parsed.isEmpty()) {
            return Reading.problem("Enter an IPv4 or IPv6 address, optionally with /prefix (e.g. 10.1.0.0/16); no host names.");
        }
        IpAddress address = parsed.get();
        int prefix = address.bits();
        if (slash >= 0) {
            String prefixText = text.substring(slash + 1);
            if (prefixText.isEmpty() || prefixText.length() > 3 || !prefixText.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(prefixText) > address.bits()) {
                return Reading.problem("The prefix length after '/' must be 1-" + address.bits() + ".");
            }
            prefix = Integer.parseInt(prefixText);
        }
        if (!address.withoutHostBits(prefix).equals(address)) {
            return Reading.problem("Host bits are set after the prefix: did you mean " + address.withoutHostBits(prefix)
                    + "/" + prefix + " or " + address + "/" + address.bits() + "?");
        }
        if (address.isIpv4Mapped() && prefix >= MAPPED_PREFIX_BITS) {
            address = address.unmapped();
            prefix -= MAPPED_PREFIX_BITS;
        }
        if (prefix == 0) {
            return Reading.problem("A network of every address would make the relay an open relay; enter a longer prefix.");
        }
        return new Reading(new ClientNetwork(address, prefix), null);
    }

    /**
     * Whether the client address (as a socket reports it) lies in this network. An IPv4-mapped IPv6 client
     * ({@code ::ffff:192.0.2.7}, as dual-stack sockets report IPv4 peers) matches IPv4 networks. Text that is not
     * an address never matches.
     */
    public boolean contains(String clientAddress) {
        return IpAddress.parseClient(clientAddress).map(this::contains).orElse(false);
    }

    public boolean contains(IpAddress client) {
        IpAddress candidate = address.ipv6() ? client : client.unmapped();
        return address.samePrefix(candidate, prefixLength);
    }

    /** The canonical text, always with the prefix: {@code 10.1.0.0/16}, {@code 192.0.2.7/32}, {@code ::1/128}. */
    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
