package dev.storerelay.domain.model;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every unit's sender patterns and client networks, with the two lookups of README, *Pointing a legacy system at it*:
 * by envelope sender (an exact address beats a domain) and by client address (the longest matching prefix wins, as in
 * IP routing, so a store's {@code 10.1.2.0/24} beats its region's {@code 10.1.0.0/16}).
 */
public final class RoutingTable {
    private static final RoutingTable EMPTY = new RoutingTable(Map.of());

    private final Map<UnitId, UnitRouting> byUnit;

    private RoutingTable(Map<UnitId, UnitRouting> byUnit) {
        this.byUnit = byUnit;
    }

    public static RoutingTable empty() {
        return EMPTY;
    }

    /** The table of these units' rules; a later entry for the same unit replaces an earlier one. */
    public static RoutingTable of(Collection<UnitRouting> routings) {
        Map<UnitId, UnitRouting> byUnit = new LinkedHashMap<>();
        routings.stream().sorted(Comparator.comparing(UnitRouting::unit)).forEach(r -> byUnit.put(r.unit(), r));
        return new RoutingTable(Collections.unmodifiableMap(byUnit));
    }

    /** The table with only the rules of units that pass {@code keep} (e.g. units that still exist). */
    public RoutingTable retainUnits(Predicate<UnitId> keep) {
        return of(byUnit.values().stream().filter(r -> keep.test(r.unit())).toList());
    }

    /** A matched rule and the unit that owns it. */
    public record Match<T>(UnitId unit, T rule) {
        public Match {
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(rule, "rule");
        }
    }

    /** The unit's own rules; {@link UnitRouting#none} when it has none. */
    public UnitRouting routing(UnitId unit) {
        return byUnit.getOrDefault(unit, UnitRouting.none(unit));
    }

    /** Every unit with at least one rule, ordered by id. */
    public List<UnitRouting> routings() {
        return byUnit.values().stream().filter(r -> !r.isEmpty()).toList();
    }

    /** The unit whose sender pattern matches; an exact address beats a domain. Empty for the null reverse-path. */
    public Optional<Match<SenderPattern>> bySender(EmailAddress sender) {
        if (sender == null) {
            return Optional.empty();
        }
        Match<SenderPattern> domainMatch = null;
        for (UnitRouting routing : byUnit.values()) {
            for (SenderPattern pattern : routing.senderPatterns()) {
                if (!pattern.matches(sender)) {
                    continue;
                }
                if (!pattern.isDomainPattern()) {
                    return Optional.of(new Match<>(routing.unit(), pattern));
                }
                if (domainMatch == null) {
                    domainMatch = new Match<>(routing.unit(), pattern);
                }
            }
        }
        return Optional.ofNullable(domainMatch);
    }

    /**
     * The unit whose client network contains the address, the longest prefix winning; empty for text that is not
     * an IP address. IPv4-mapped IPv6 clients match IPv4 networks.
     */
    public Optional<Match<ClientNetwork>> byClientAddress(String clientAddress) {
        Optional<IpAddress> client = IpAddress.parseClient(clientAddress);
        if (client.isEmpty()) {
            return Optional.empty();
        }
        Match<ClientNetwork> best = null;
        for (UnitRouting routing : byUnit.values()) {
            for (ClientNetwork network : routing.clientNetworks()) {
                if (network.contains(client.get()) && (best == null || network.prefixLength() > best.rule().prefixLength())) {
                    best = new Match<>(routing.unit(), network);
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether the address lies in any unit's client networks. */
    public boolean inAnyClientNetwork(String clientAddress) {
        return byClientAddress(clientAddress).isPresent();
    }

    /** The unit that owns this pattern, if any. */
    public Optional<UnitId> ownerOf(SenderPattern pattern) {
        return byUnit.values().stream().filter(r -> r.senderPatterns().contains(pattern)).map(UnitRouting::unit).findFirst();
    }

    /** The unit that owns this network, if any. */
    public Optional<UnitId> ownerOf(ClientNetwork network) {
        return byUnit.values().stream().filter(r -> r.clientNetworks().contains(network)).map(UnitRouting::unit).findFirst();
    }
}
