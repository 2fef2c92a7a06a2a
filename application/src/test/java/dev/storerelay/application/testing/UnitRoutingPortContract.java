package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.domain.model.ClientNetwork;
import dev.storerelay.domain.model.SenderPattern;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link UnitRoutingPort} does, run against the in-memory fake and the database adapter alike. The units
 * {@link #S1} and {@link #S2} exist when {@link #port()} is called.
 */
public abstract class UnitRoutingPortContract {
    protected static final UnitId S1 = UnitId.of("s1");
    protected static final UnitId S2 = UnitId.of("s2");

    /** The port under test, without rules, its store knowing the units {@link #S1} and {@link #S2}. */
    protected abstract UnitRoutingPort port();

    protected static UnitRouting rules(UnitId unit, List<String> patterns, List<String> networks) {
        return new UnitRouting(unit, patterns.stream().map(p -> SenderPattern.parse(p).orElseThrow()).toList(),
                networks.stream().map(n -> ClientNetwork.parse(n).orElseThrow()).toList());
    }

    @Test
    void savedRulesReplaceTheUnitsOwnAndEmptyRulesRemoveThem() {
        assertThat(port().loadRouting(S1)).isEqualTo(UnitRouting.none(S1));
        assertThat(port().saveRouting(rules(S1, List.of("@legacy.local"), List.of("10.1.0.0/16")))).isTrue();
        assertThat(port().saveRouting(rules(S1, List.of("erp@legacy.local"), List.of()))).isTrue();

        assertThat(port().loadRouting(S1)).isEqualTo(rules(S1, List.of("erp@legacy.local"), List.of()));
        assertThat(port().saveRouting(UnitRouting.none(S1))).isTrue();
        assertThat(port().loadRouting(S1)).isEqualTo(UnitRouting.none(S1));
        assertThat(port().loadRoutingTable().routings()).isEmpty();
    }

    @Test
    void aPatternOrNetworkBelongsToOneUnitAndARefusedSaveChangesNothing() {
        port().saveRouting(rules(S1, List.of("@legacy.local"), List.of("10.1.0.0/16")));

        assertThat(port().saveRouting(rules(S2, List.of("@legacy.local"), List.of()))).isFalse();
        assertThat(port().saveRouting(rules(S2, List.of("@other.local"), List.of("10.1.0.0/16")))).isFalse();
        assertThat(port().loadRouting(S2)).isEqualTo(UnitRouting.none(S2));
        assertThat(port().saveRouting(rules(S2, List.of("@other.local"), List.of("10.2.0.0/16")))).isTrue();
    }

    @Test
    void theTableHoldsEveryUnitsRules() {
        UnitRouting first = rules(S2, List.of("@b.local"), List.of());
        UnitRouting second = rules(S1, List.of("@a.local"), List.of("192.0.2.0/24"));
        port().saveRouting(first);
        port().saveRouting(second);

        assertThat(port().loadRoutingTable().routings()).containsExactlyInAnyOrder(first, second);
    }
}
