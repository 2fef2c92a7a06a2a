package dev.storerelay.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.domain.model.ClientNetwork;
import dev.storerelay.domain.model.RoutingTable;
import dev.storerelay.domain.model.SenderPattern;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import dev.storerelay.domain.model.Validated;
import dev.storerelay.domain.model.Violation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingValidatorTest {
    private static final UnitId S1 = UnitId.of("s1");

    private static UnitRouting valid(List<String> patterns, List<String> networks) {
        Validated<UnitRouting> result = RoutingValidator.validate(S1, patterns, networks);
        assertThat(result).isInstanceOf(Validated.Valid.class);
        return ((Validated.Valid<UnitRouting>) result).value();
    }

    private static List<Violation> invalid(List<String> patterns, List<String> networks) {
        Validated<UnitRouting> result = RoutingValidator.validate(S1, patterns, networks);
        assertThat(result).isInstanceOf(Validated.Invalid.class);
        return ((Validated.Invalid<UnitRouting>) result).violations();
    }

    @Test
    void validEntriesAreNormalisedAndKeepTheirOrder() {
        UnitRouting routing = valid(List.of(" @Legacy.Local ", "erp@other.local"), List.of("192.0.2.7", "10.1.0.0/16", "::1"));
        assertThat(routing.unit()).isEqualTo(S1);
        assertThat(routing.senderPatterns()).extracting(Object::toString).containsExactly("@legacy.local", "erp@other.local");
        assertThat(routing.clientNetworks()).extracting(Object::toString).containsExactly("192.0.2.7/32", "10.1.0.0/16", "::1/128");
    }

    @Test
    void emptyOrNullListsClearTheRules() {
        assertThat(valid(List.of(), List.of()).isEmpty()).isTrue();
        assertThat(valid(null, null).isEmpty()).isTrue();
    }

    @Test
    void everyBadEntryIsNamedByItsIndex() {
        List<String> patterns = new ArrayList<>(List.of("@legacy.local", "not a pattern", "erp@legacy.local"));
        patterns.add(null);
        List<Violation> violations = invalid(patterns, List.of("10.1.0.0/16", "10.1.2.3/16", "mail.example.com", ""));
        assertThat(violations).extracting(Violation::field).containsExactly(
                "senderPatterns[1]", "senderPatterns[3]", "clientNetworks[1]", "clientNetworks[2]", "clientNetworks[3]");
        assertThat(violations.get(2).message()).contains("10.1.0.0/16");
    }

    @Test
    void anEntryListedTwiceIsAnError() {
        List<Violation> violations = invalid(List.of("@legacy.local", "@LEGACY.LOCAL"), List.of("::ffff:10.0.0.0/104", "10.0.0.0/8"));
        assertThat(violations).containsExactly(
                new Violation("senderPatterns[1]", "Listed twice (also senderPatterns[0])."),
                new Violation("clientNetworks[1]", "Listed twice (also clientNetworks[0])."));
    }

    @Test
    void eachListHasALimit() {
        List<String> patterns = new ArrayList<>();
        List<String> networks = new ArrayList<>();
        for (int i = 0; i < RoutingValidator.MAX_SENDER_PATTERNS; i++) {
            patterns.add("s" + i + "@legacy.local");
            networks.add("10.0." + i + ".0/24");
        }
        assertThat(valid(patterns, networks).clientNetworks()).hasSize(100);

        patterns.add("one-more@legacy.local");
        networks.add("10.1.0.0/24");
        assertThat(invalid(patterns, networks)).extracting(Violation::field).containsExactly("senderPatterns", "clientNetworks");
        assertThat(invalid(Collections.nCopies(1000, "@x.example"), List.of())).hasSize(1 + 99);
    }

    @Test
    void entriesOfAnotherUnitConflictNamingIt() {
        RoutingTable table = RoutingTable.of(List.of(
                new UnitRouting(UnitId.of("s2"), List.of(SenderPattern.parse("@legacy.local").orElseThrow()),
                        List.of(ClientNetwork.parse("10.1.0.0/16").orElseThrow())),
                new UnitRouting(S1, List.of(SenderPattern.parse("erp@legacy.local").orElseThrow()), List.of())));
        UnitRouting update = valid(List.of("erp@legacy.local", "@Legacy.local"), List.of("10.1.2.0/24", "10.1.0.0/16"));

        List<Violation> conflicts = RoutingValidator.conflicts(update, table);

        assertThat(conflicts).containsExactly(
                new Violation("senderPatterns[1]", "Sender pattern @legacy.local already belongs to unit s2."),
                new Violation("clientNetworks[1]", "Client network 10.1.0.0/16 already belongs to unit s2."));
        assertThat(RoutingValidator.conflicts(table.routing(S1), table)).isEmpty();
        assertThat(RoutingValidator.conflicts(table.routing(UnitId.of("s2")), table)).isEmpty();
    }
}
