package dev.storerelay.domain.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address, parsed from its text form by hand: routing decisions must never wait for DNS, and
 * a name is never an address. The 128 bits of an IPv6 address are {@code high} and {@code low}; an IPv4 address
 * keeps its 32 bits in the low bits of {@code low}.
 *
 * <p>Accepted: dotted-quad IPv4 with decimal parts 0–255 and no leading zeros (inet_aton would read {@code 010}
 * as octal: refused as ambiguous), and RFC 4291 §2.2 IPv6 text, with {@code ::} and a trailing dotted quad.
 * {@link #parseClient} also accepts what sockets report: brackets and an RFC 4007 zone ({@code fe80::1%eth0}).
 */
public record IpAddress(boolean ipv6, long high, long low) {
    public static final int IPV4_BITS = 32;
    public static final int IPV6_BITS = 128;
    private static final int MAX_TEXT = 64;
    private static final long IPV4_MASK = 0xFFFF_FFFFL;
    private static final long MAPPED_PREFIX = 0xFFFFL << 32;        // ::ffff:0:0/96, RFC 4291 §2.5.5.2
    private static final long LOOPBACK_IPV4 = 0x7F00_0001L;         // 127.0.0.1

    public IpAddress {
        if (!ipv6 && (high != 0 || (low & ~IPV4_MASK) != 0)) {
            throw new IllegalArgumentException("an IPv4 address has 32 bits");
        }
    }

    public static IpAddress ipv4(long bits) {
        return new IpAddress(false, 0, bits & IPV4_MASK);
    }

    /** The address in {@code text}, strictly (no brackets, no zone). */
    public static Optional<IpAddress> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT) {
            return Optional.empty();
        }
        return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text).map(IpAddress::ipv4);
    }

    /** A client address as a socket reports it: also {@code [::1]} and {@code fe80::1%eth0}. */
    public static Optional<IpAddress> parseClient(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String candidate = text.strip();
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        int zone = candidate.indexOf('%');
        if (zone >= 0 && candidate.indexOf(':') >= 0) {
            candidate = candidate.substring(0, zone);
        }
        return parse(candidate);
    }

    public int bits() {
        return ipv6 ? IPV6_BITS : IPV4_BITS;
    }

    /** Whether this is an IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.7}, RFC 4291 §2.5.5.2). */
    public boolean isIpv4Mapped() {
        return ipv6 && high == 0 && (low & ~IPV4_MASK) == MAPPED_PREFIX;
    }

    /** An IPv4-mapped IPv6 address as the IPv4 address it carries; any other address unchanged. */
    public IpAddress unmapped() {
        return isIpv4Mapped() ? ipv4(low) : this;
    }

    /** 127.0.0.0/8, {@code ::1}, or an IPv4-mapped loopback address. */
    public boolean isLoopback() {
        IpAddress plain = unmapped();
        return plain.ipv6 ? plain.high == 0 && plain.low == 1 : (plain.low >>> 24) == 127;
    }

    /**
     * {@code 127.0.0.1} or {@code ::1} (also IPv4-mapped): loopback's own address, the one a local process connects
     * from unless it binds another address of 127.0.0.0/8 on purpose.
     */
    public boolean isLoopbackOwnAddress() {
        IpAddress plain = unmapped();
        return plain.ipv6 ? plain.high == 0 && plain.low == 1 : plain.low == LOOPBACK_IPV4;
    }

    /** Whether the first {@code prefixLength} bits equal those of {@code other} (same family only). */
    boolean samePrefix(IpAddress other, int prefixLength) {
        return ipv6 == other.ipv6 && withoutHostBits(prefixLength).equals(other.withoutHostBits(prefixLength));
    }

    /** This address with every bit after {@code prefixLength} cleared. */
    IpAddress withoutHostBits(int prefixLength) {
        if (!ipv6) {
            return ipv4(low & ipv4Mask(prefixLength));
        }
        return new IpAddress(true, high & mask(prefixLength, 0), low & mask(prefixLength, 64));
    }

    // The mask for one 64-bit half starting at bit `offset` of a 128-bit address.
    private static long mask(int prefixLength, int offset) {
        int inHalf = Math.max(0, Math.min(64, prefixLength - offset));
        return inHalf == 0 ? 0 : -1L << (64 - inHalf);
    }

    private static long ipv4Mask(int prefixLength) {
        return prefixLength == 0 ? 0 : (IPV4_MASK << (IPV4_BITS - prefixLength)) & IPV4_MASK;
    }

    /** The canonical text: dotted quad, or RFC 5952 (lower case, longest zero run as {@code ::}). */
    @Override
    public String toString() {
        if (!ipv6) {
            return (low >>> 24) + "." + ((low >>> 16) & 0xFF) + "." + ((low >>> 8) & 0xFF) + "." + (low & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            long half = i < 4 ? high : low;
            groups[i] = (int) ((half >>> (16 * (3 - i % 4))) & 0xFFFF);
        }
        int bestStart = -1;
        int bestLength = 1;                                  // RFC 5952 §4.2.2: never shorten a single 0 group
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static Optional<Long> parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return Optional.empty();
            }
            value = (value << 8) | octet;
        }
        return Optional.of(value);
    }

    private static Optional<IpAddress> parseIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return Optional.empty();
        }
        List<Integer> head;
        List<Integer> tail;
        if (gap < 0) {
            head = groups(text, true);
            tail = List.of();
        } else {
            head = text.substring(0, gap).isEmpty() ? List.of() : groups(text.substring(0, gap), false);
            String after = text.substring(gap + 2);
            tail = after.isEmpty() ? List.of() : groups(after, true);
        }
        if (head == null || tail == null) {
            return Optional.empty();
        }
        int explicit = head.size() + tail.size();
        if (gap < 0 ? explicit != 8 : explicit > 7) {
            return Optional.empty();
        }
        int[] all = new int[8];
        for (int i = 0; i < head.size(); i++) {
            all[i] = head.get(i);
        }
        for (int i = 0; i < tail.size(); i++) {
            all[8 - tail.size() + i] = tail.get(i);
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 4; i++) {
            high = (high << 16) | all[i];
            low = (low << 16) | all[i + 4];
        }
        return Optional.of(new IpAddress(true, high, low));
    }

    /** 16-bit groups separated by ':'; the last may be a dotted quad when {@code last} (two groups); null if bad. */
    private static List<Integer> groups(String text, boolean last) {
        String[] parts = text.split(":", -1);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (last && i == parts.length - 1 && part.indexOf('.') >= 0) {
                Optional<Long> v4 = parseIpv4(part);
                if (v4.isEmpty()) {
                    return null;
                }
                out.add((int) (v4.get() >>> 16));
                out.add((int) (v4.get() & 0xFFFF));
                continue;
            }
            if (part.isEmpty() || part.length() > 4 || !part.chars().allMatch(IpAddress::isHexDigit)) {
                return null;
            }
            out.add(Integer.parseInt(part, 16));
        }
        return out;
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
