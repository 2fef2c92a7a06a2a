package dev.storerelay.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutingTableTest {
    private static final RoutingTable TABLE = RoutingTable.of(List.of(
            routing("company", List.of("@legacy.local"), List.of("10.0.0.0/8", "2001:db8::/32")),
            routing("north", List.of("@north.legacy.local"), List.of("10.1.0.0/16")),
            routing("s1", List.of("erp@legacy.local", "s1@north.legacy.local"), List.of("10.1.2.0/24", "192.0.2.7")),
            routing("s2", List.of(), List.of("2001:db8:2::/48")),
            UnitRouting.none(UnitId.of("s3"))));

    static UnitRouting routing(String unit, List<String> patterns, List<String> networks) {
        return new UnitRouting(UnitId.of(unit),
                patterns.stream().map(p -> SenderPattern.parse(p).orElseThrow()).toList(),
                networks.stream().map(n -> ClientNetwork.parse(n).orElseThrow()).toList());
    }

    @ParameterizedTest
    @CsvSource({
            "erp@legacy.local, s1, erp@legacy.local",
            "ERP@legacy.local, company, @legacy.local",
            "pos@legacy.local, company, @legacy.local",
            "s1@north.legacy.local, s1, s1@north.legacy.local",
            "s2@North.Legacy.Local, north, @north.legacy.local",
            "erp@south.legacy.local, , ",
            "erp@example.com, , ",
    })
    void anExactAddressBeatsItsDomain(String sender, String unit, String pattern) {
        var match = TABLE.bySender(new EmailAddress(sender));
        if (unit == null) {
            assertThat(match).isEmpty();
            return;
        }
        assertThat(match).hasValueSatisfying(m -> {
            assertThat(m.unit()).isEqualTo(UnitId.of(unit));
            assertThat(m.rule()).hasToString(pattern);
        });
    }

    @Test
    void theNullReversePathMatchesNoPattern() {
        assertThat(TABLE.bySender(null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "10.1.2.3, s1, 10.1.2.0/24",
            "::ffff:10.1.2.3, s1, 10.1.2.0/24",
            "10.1.3.3, north, 10.1.0.0/16",
            "10.9.9.9, company, 10.0.0.0/8",
            "192.0.2.7, s1, 192.0.2.7/32",
            "2001:db8:2:1::1, s2, 2001:db8:2::/48",
            "2001:db8:3::1, company, 2001:db8::/32",
            "192.0.2.8, , ",
            "127.0.0.1, , ",
            "not-an-address, , ",
    })
    void theLongestPrefixWins(String client, String unit, String network) {
        var match = TABLE.byClientAddress(client);
        assertThat(TABLE.inAnyClientNetwork(client)).isEqualTo(unit != null);
        if (unit == null) {
            assertThat(match).isEmpty();
            return;
        }
        assertThat(match).hasValueSatisfying(m -> {
            assertThat(m.unit()).isEqualTo(UnitId.of(unit));
            assertThat(m.rule()).hasToString(network);
        });
    }

    @Test
    void theOrderOfUnitsDoesNotChangeTheAnswer() {
        List<UnitRouting> reversed = Arrays.asList(TABLE.routings().toArray(UnitRouting[]::new));
        java.util.Collections.reverse(reversed);
        RoutingTable other = RoutingTable.of(reversed);
        assertThat(other.byClientAddress("10.1.2.3").orElseThrow().unit()).isEqualTo(UnitId.of("s1"));
        assertThat(other.bySender(new EmailAddress("erp@legacy.local")).orElseThrow().unit()).isEqualTo(UnitId.of("s1"));
    }

    @Test
    void knowsTheOwnerOfEachRuleAndEachUnitsRules() {
        assertThat(TABLE.ownerOf(SenderPattern.parse("@LEGACY.local").orElseThrow())).contains(UnitId.of("company"));
        assertThat(TABLE.ownerOf(SenderPattern.parse("@other.local").orElseThrow())).isEmpty();
        assertThat(TABLE.ownerOf(ClientNetwork.parse("::ffff:10.1.0.0/112").orElseThrow())).contains(UnitId.of("north"));
        assertThat(TABLE.ownerOf(ClientNetwork.parse("10.1.0.0/17").orElseThrow())).isEmpty();
        assertThat(TABLE.routing(UnitId.of("s1")).clientNetworks()).extracting(Object::toString)
                .containsExactly("10.1.2.0/24", "192.0.2.7/32");
        assertThat(TABLE.routing(UnitId.of("nowhere"))).isEqualTo(UnitRouting.none(UnitId.of("nowhere")));
        assertThat(TABLE.routings()).extracting(UnitRouting::unit).extracting(UnitId::value)
                .containsExactly("company", "north", "s1", "s2");
        assertThat(RoutingTable.empty().byClientAddress("10.1.2.3")).isEmpty();
    }
}
