package dev.storerelay.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.domain.model.ClientNetwork;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.OrgTree;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.RoutingDecision;
import dev.storerelay.domain.model.RoutingDecision.Refusal;
import dev.storerelay.domain.model.RoutingFacts;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.RoutingTable;
import dev.storerelay.domain.model.SenderPattern;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoreRouterTest {
    private static final OrgTree UNITS = OrgTree.of(List.of(
            new OrgUnit(UnitId.of("company"), "Company", null),
            new OrgUnit(UnitId.of("north"), "Region North", UnitId.of("company")),
            new OrgUnit(UnitId.of("s1"), "Store 1", UnitId.of("north")),
            new OrgUnit(UnitId.of("s2"), "Store 2", UnitId.of("north"))));
    private static final EmailAddress SENDER = new EmailAddress("erp@example.com");

    private static RoutingDecision route(String authenticated, List<String> headers) {
        return StoreRouter.route(new RoutingFacts(authenticated == null ? null : UnitId.of(authenticated), headers,
                SENDER, "127.0.0.1"), UNITS, RoutingTable.empty());
    }

    private static RoutingDecision.Routed routed(RoutingDecision decision) {
        assertThat(decision).isInstanceOf(RoutingDecision.Routed.class);
        return (RoutingDecision.Routed) decision;
    }

    private static RoutingDecision.Refused refused(RoutingDecision decision) {
        assertThat(decision).isInstanceOf(RoutingDecision.Refused.class);
        return (RoutingDecision.Refused) decision;
    }

    @ParameterizedTest
    @CsvSource({"s1", "s2", "north", "company"})
    void theStoreHeaderNamesAKnownUnit(String id) {
        RoutingDecision.Routed decision = routed(route(null, List.of(id)));
        assertThat(decision.store()).isEqualTo(UnitId.of(id));
        assertThat(decision.reason()).isEqualTo(RoutingReason.STORE_HEADER);
        assertThat(decision.explanation()).contains(id);
    }

    @Test
    void headerValuesAreStripped() {
        assertThat(routed(route(null, List.of(" s1 "))).store()).isEqualTo(UnitId.of("s1"));
    }

    @Test
    void theSameValueTwiceIsFine() {
        assertThat(routed(route(null, List.of("s1", "s1"))).store()).isEqualTo(UnitId.of("s1"));
        assertThat(routed(route(null, List.of("s1", " s1"))).store()).isEqualTo(UnitId.of("s1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s9", "S1", "ghost-store", "s 1", "s1;s2", "", "s1\r\nBcc: x@y.z", "ä"})
    void anUnknownOrMalformedStoreIsRefusedNamingIt(String value) {
        RoutingDecision.Refused decision = refused(route(null, List.of(value)));
        assertThat(decision.refusal()).isEqualTo(Refusal.UNKNOWN_STORE);
        assertThat(decision.refusal().code()).isEqualTo(550);
        assertThat(decision.refusal().enhancedCode()).startsWith("5.1.");
        assertThat(decision.refusal().isPermanent()).isTrue();
        assertThat(decision.explanation()).contains("unknown store").doesNotContain("\r", "\n");
        if (!value.contains("\r")) {
            assertThat(decision.explanation()).contains(value.strip());
        }
    }

    static Stream<Arguments> ambiguousHeaders() {
        return Stream.of(
                Arguments.of((String) null, List.of("s1", "s2")),
                Arguments.of((String) null, List.of("s1", "s9")),
                Arguments.of((String) null, List.of("s1", "s1", "north")),
                Arguments.of("s1", List.of("s1", "s2")));
    }

    @ParameterizedTest
    @MethodSource("ambiguousHeaders")
    void differentStoreHeaderValuesAreAmbiguous(String authenticated, List<String> headers) {
        RoutingDecision.Refused decision = refused(route(authenticated, headers));
        assertThat(decision.refusal()).isEqualTo(Refusal.AMBIGUOUS_STORE);
        assertThat(decision.refusal().code()).isEqualTo(550);
        assertThat(decision.explanation()).contains(headers.get(0), headers.get(headers.size() - 1));
    }

    @Test
    void theAuthenticatedClientsUnitWins() {
        RoutingDecision.Routed decision = routed(route("s2", List.of()));
        assertThat(decision.store()).isEqualTo(UnitId.of("s2"));
        assertThat(decision.reason()).isEqualTo(RoutingReason.AUTHENTICATED_CLIENT);
        assertThat(routed(route("s2", List.of("s2"))).reason()).isEqualTo(RoutingReason.AUTHENTICATED_CLIENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s1", "north", "s9"})
    void anAuthenticatedClientMayNotClaimAnotherStore(String claimed) {
        RoutingDecision.Refused decision = refused(route("s2", List.of(claimed)));
        assertThat(decision.refusal()).isEqualTo(Refusal.OTHER_STORE_CLAIMED);
        assertThat(decision.refusal().code()).isEqualTo(550);
        assertThat(decision.refusal().enhancedCode()).isEqualTo("5.7.1");
        assertThat(decision.explanation()).contains("s2", claimed);
    }

    @Test
    void withoutHeaderOrAuthenticationTheRootUnitIsUsed() {
        RoutingDecision.Routed decision = routed(route(null, List.of()));
        assertThat(decision.store()).isEqualTo(UnitId.of("company"));
        assertThat(decision.reason()).isEqualTo(RoutingReason.ROOT_UNIT);
    }

    @Test
    void withoutUnitsMailIsRefusedTemporarily() {
        RoutingDecision.Refused decision = refused(StoreRouter.route(new RoutingFacts(null, List.of(), null, "::1"), OrgTree.empty(), RoutingTable.empty()));
        assertThat(decision.refusal()).isEqualTo(Refusal.NO_UNITS);
        assertThat(decision.refusal().code()).isEqualTo(451);
        assertThat(decision.refusal().enhancedCode()).isEqualTo("4.3.0");
        assertThat(decision.refusal().isPermanent()).isFalse();
    }

    @Test
    void withoutUnitsAStoreHeaderIsUnknown() {
        RoutingDecision.Refused decision = refused(StoreRouter.route(new RoutingFacts(null, List.of("s1"), null, "::1"),
                OrgTree.empty(), RoutingTable.empty()));
        assertThat(decision.refusal()).isEqualTo(Refusal.UNKNOWN_STORE);
    }

    private static final RoutingTable TABLE = RoutingTable.of(List.of(
            new UnitRouting(UnitId.of("north"), List.of(pattern("@legacy.local")), List.of(network("10.1.0.0/16"))),
            new UnitRouting(UnitId.of("s1"), List.of(pattern("erp@legacy.local")), List.of(network("10.1.1.0/24"))),
            new UnitRouting(UnitId.of("gone"), List.of(pattern("old@legacy.local")), List.of(network("10.1.9.0/24")))));

    private static SenderPattern pattern(String text) {
        return SenderPattern.parse(text).orElseThrow();
    }

    private static ClientNetwork network(String text) {
        return ClientNetwork.parse(text).orElseThrow();
    }

    static Stream<Arguments> rulesInOrder() {
        return Stream.of(
                // authenticated, header, sender, client -> store, reason
                Arguments.of("s2", List.of(), "erp@legacy.local", "10.1.1.5", "s2", RoutingReason.AUTHENTICATED_CLIENT),
                Arguments.of(null, List.of("s2"), "erp@legacy.local", "10.1.1.5", "s2", RoutingReason.STORE_HEADER),
                Arguments.of(null, List.of(), "erp@legacy.local", "10.1.0.5", "s1", RoutingReason.SENDER_PATTERN),
                Arguments.of(null, List.of(), "pos@Legacy.Local", "10.1.1.5", "north", RoutingReason.SENDER_PATTERN),
                Arguments.of(null, List.of(), "erp@example.com", "10.1.1.5", "s1", RoutingReason.CLIENT_NETWORK),
                Arguments.of(null, List.of(), "erp@example.com", "::ffff:10.1.1.5", "s1", RoutingReason.CLIENT_NETWORK),
                Arguments.of(null, List.of(), "erp@example.com", "10.1.2.5", "north", RoutingReason.CLIENT_NETWORK),
                Arguments.of(null, List.of(), null, "10.1.2.5", "north", RoutingReason.CLIENT_NETWORK),
                Arguments.of(null, List.of(), "erp@example.com", "192.0.2.7", "company", RoutingReason.ROOT_UNIT),
                // rules of a unit that no longer exists are skipped
                Arguments.of(null, List.of(), "old@legacy.local", "10.1.9.1", "north", RoutingReason.SENDER_PATTERN),
                Arguments.of(null, List.of(), "old@example.com", "10.1.9.1", "north", RoutingReason.CLIENT_NETWORK));
    }

    @ParameterizedTest
    @MethodSource("rulesInOrder")
    void theFirstRuleThatAppliesWins(String authenticated, List<String> headers, String sender, String client,
                                     String store, RoutingReason reason) {
        RoutingDecision.Routed decision = routed(StoreRouter.route(new RoutingFacts(
                authenticated == null ? null : UnitId.of(authenticated), headers,
                sender == null ? null : new EmailAddress(sender), client), UNITS, TABLE));
        assertThat(decision.store()).isEqualTo(UnitId.of(store));
        assertThat(decision.reason()).isEqualTo(reason);
        assertThat(decision.explanation()).contains(store);
    }

    @Test
    void theExplanationNamesTheMatchedRule() {
        assertThat(routed(StoreRouter.route(new RoutingFacts(null, List.of(), new EmailAddress("pos@legacy.local"), "192.0.2.7"),
                UNITS, TABLE)).explanation()).isEqualTo(
                "envelope sender pos@legacy.local matches sender pattern @legacy.local of store north");
        assertThat(routed(StoreRouter.route(new RoutingFacts(null, List.of(), null, "::ffff:10.1.1.5"),
                UNITS, TABLE)).explanation()).isEqualTo(
                "client address ::ffff:10.1.1.5 lies in client network 10.1.1.0/24 of store s1");
    }

    @Test
    void anUnknownStoreHeaderIsRefusedEvenWhenAPatternWouldMatch() {
        RoutingDecision.Refused decision = refused(StoreRouter.route(new RoutingFacts(null, List.of("s9"),
                new EmailAddress("erp@legacy.local"), "10.1.1.5"), UNITS, TABLE));
        assertThat(decision.refusal()).isEqualTo(Refusal.UNKNOWN_STORE);
        assertThat(decision.explanation()).contains("s9");
    }

    @Test
    void anAuthenticatedClientClaimingAnotherStoreIsRefusedEvenWhenItsNetworkMatches() {
        RoutingDecision.Refused decision = refused(StoreRouter.route(new RoutingFacts(UnitId.of("s2"), List.of("s1"),
                new EmailAddress("erp@legacy.local"), "10.1.1.5"), UNITS, TABLE));
        assertThat(decision.refusal()).isEqualTo(Refusal.OTHER_STORE_CLAIMED);
    }

    @Test
    void withoutUnitsRoutingRulesDoNotRoute() {
        assertThat(refused(StoreRouter.route(new RoutingFacts(null, List.of(), new EmailAddress("erp@legacy.local"),
                "10.1.1.5"), OrgTree.empty(), TABLE)).refusal()).isEqualTo(Refusal.NO_UNITS);
    }
}
