package dev.storerelay.application.service;

import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.testing.InMemoryOrgUnits;
import dev.storerelay.application.testing.InMemoryUnitRouting;
import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import dev.storerelay.domain.model.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdateRoutingServiceTest {
    private static final UnitId S1 = UnitId.of("s1");
    private static final UnitId S2 = UnitId.of("s2");

    private final InMemoryOrgUnits units = new InMemoryOrgUnits(new InMemoryUnitSettings()).withTwoStores();
    private final InMemoryUnitRouting routing = new InMemoryUnitRouting();
    private final UpdateRoutingService service = new UpdateRoutingService(units, routing, AuditTrail.NONE);

    @Test
    void storesNormalisedRulesAndReadsThemBack() {
        Outcome outcome = service.updateRouting(S1, List.of("@Legacy.Local", "erp@other.local"), List.of("10.1.0.0/16", "192.0.2.7"));

        assertThat(outcome).isEqualTo(Outcome.done());
        UnitRouting stored = service.routing(S1).orElseThrow();
        assertThat(stored.senderPatterns()).extracting(Object::toString).containsExactly("@legacy.local", "erp@other.local");
        assertThat(stored.clientNetworks()).extracting(Object::toString).containsExactly("10.1.0.0/16", "192.0.2.7/32");
        assertThat(service.routing(S2)).contains(UnitRouting.none(S2));
    }

    @Test
    void replacingWithEmptyListsRemovesTheRules() {
        service.updateRouting(S1, List.of("@legacy.local"), List.of("10.1.0.0/16"));

        assertThat(service.updateRouting(S1, List.of(), List.of())).isEqualTo(Outcome.done());

        assertThat(service.routing(S1)).contains(UnitRouting.none(S1));
        assertThat(service.updateRouting(S2, List.of("@legacy.local"), List.of("10.1.0.0/16"))).isEqualTo(Outcome.done());
    }

    @Test
    void anUnknownUnitIsNotFound() {
        assertThat(service.routing(UnitId.of("nowhere"))).isEmpty();
        assertThat(service.updateRouting(UnitId.of("nowhere"), List.of(), List.of())).isInstanceOf(Outcome.NotFound.class);
        assertThat(routing.writes()).isZero();
    }

    @Test
    void invalidEntriesAreReportedByIndexAndNothingIsStored() {
        service.updateRouting(S1, List.of("@legacy.local"), List.of());

        Outcome outcome = service.updateRouting(S1, List.of("@ok.local", "bad pattern"), List.of("10.1.2.3/16"));

        assertThat(outcome).isInstanceOf(Outcome.Invalid.class);
        assertThat(((Outcome.Invalid) outcome).violations()).extracting(Violation::field)
                .containsExactly("senderPatterns[1]", "clientNetworks[0]");
        assertThat(service.routing(S1).orElseThrow().senderPatterns()).extracting(Object::toString).containsExactly("@legacy.local");
    }

    @Test
    void anEntryOfAnotherUnitIsAConflictNamingIt() {
        service.updateRouting(S2, List.of("@legacy.local"), List.of("10.1.0.0/16"));

        Outcome outcome = service.updateRouting(S1, List.of("erp@legacy.local", "@LEGACY.local"), List.of("10.1.0.0/16"));

        assertThat(outcome).isInstanceOf(Outcome.Conflict.class);
        assertThat(((Outcome.Conflict) outcome).violations()).containsExactly(
                new Violation("senderPatterns[1]", "Sender pattern @legacy.local already belongs to unit s2."),
                new Violation("clientNetworks[0]", "Client network 10.1.0.0/16 already belongs to unit s2."));
        assertThat(service.routing(S1)).contains(UnitRouting.none(S1));
    }

    @Test
    void aUnitMayKeepItsOwnEntries() {
        service.updateRouting(S1, List.of("@legacy.local"), List.of("10.1.0.0/16"));
        assertThat(service.updateRouting(S1, List.of("@legacy.local", "@new.local"), List.of("10.1.0.0/16"))).isEqualTo(Outcome.done());
    }

    @Test
    void anEntryTakenBetweenCheckAndSaveIsAConflict() {
        routing.sneakInBeforeNextSave(new UnitRouting(S2, List.of(), routingOf("10.1.0.0/16").clientNetworks()));

        Outcome outcome = service.updateRouting(S1, List.of(), List.of("10.1.0.0/16"));

        assertThat(outcome).isInstanceOf(Outcome.Conflict.class);
        assertThat(((Outcome.Conflict) outcome).violations().get(0).message()).contains("s2");
        assertThat(service.routing(S1)).contains(UnitRouting.none(S1));
    }

    private static UnitRouting routingOf(String network) {
        return new InMemoryUnitRouting().with("x", List.of(), List.of(network)).loadRouting(UnitId.of("x"));
    }
}
