package dev.storerelay.application.service;

import dev.storerelay.application.testing.MutableClock;
import dev.storerelay.application.testing.CountingSignal;
import dev.storerelay.application.testing.InMemoryMessageQueue;
import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.testing.InMemoryOrgUnits;
import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.UpstreamReply;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class OrgUnitServiceTest {
    private final InMemoryUnitSettings settings = new InMemoryUnitSettings();
    private final InMemoryOrgUnits units = new InMemoryOrgUnits(settings).withStoreInRegion();
    private final InMemoryMessageQueue queue = new InMemoryMessageQueue();
    private final CountingSignal signal = new CountingSignal();
    private final OrgUnitService service = serviceOn(units);

    private OrgUnitService serviceOn(InMemoryOrgUnits tree) {
        return new OrgUnitService(tree, tree, queue, signal, new MutableClock(Instant.parse("2024-03-01T10:00:00Z")),
                AuditTrail.NONE, (delay, task) -> { });
    }

    /** A message for store s1 that its last delivery attempt left held. */
    private MessageId heldMailForS1() {
        Instant now = Instant.parse("2024-03-01T10:00:00Z");
        EmailAddress to = new EmailAddress("customer@example.org");
        MessageId held = queue.enqueue(new NewMessage(id("s1"), RoutingReason.STORE_HEADER, "store header names s1", null,
                List.of(to), null, MessageContent.ofBytes(new byte[] {'x'}), "erp", "127.0.0.1", now));
        queue.claimDue(now, 1, "w", now.plusSeconds(60));
        queue.recordAttempt(new DeliveryAttempt(held, now,
                List.of(new DeliveryAttempt.RecipientOutcome(to, RecipientStatus.PENDING, UpstreamReply.noReply("held"))),
                now.plus(Duration.ofDays(5)), true, false, "held"), "w");
        return held;
    }

    private static UnitId id(String value) {
        return value == null ? null : UnitId.of(value);
    }

    @Test
    void buildsATreeFromNothing() {
        InMemoryOrgUnits empty = new InMemoryOrgUnits(new InMemoryUnitSettings());
        OrgUnitService fresh = serviceOn(empty);
        assertThat(fresh.putUnit(id("hq"), "Head Office", null)).isEqualTo(Outcome.done());
        assertThat(fresh.putUnit(id("r1"), "Region 1", id("hq"))).isEqualTo(Outcome.done());
        assertThat(fresh.putUnit(id("s1"), "Store 1", id("r1"))).isEqualTo(Outcome.done());
        assertThat(fresh.listUnits()).extracting(OrgUnit::id).containsExactly(id("hq"), id("r1"), id("s1"));
    }

    @Test
    void listsUnitsOrderedById() {
        assertThat(service.listUnits()).extracting(u -> u.id().value()).containsExactly("company", "north", "s1");
    }

    @Test
    void renamesAndMovesAUnitWithAStrippedName() {
        service.putUnit(id("south"), "Region South", id("company"));
        assertThat(service.putUnit(id("s1"), "  Store One  ", id("south"))).isInstanceOf(Outcome.Done.class);
        assertThat(service.listUnits()).contains(new OrgUnit(id("s1"), "Store One", id("south")));
    }

    static Stream<Arguments> badNames() {
        return Stream.of(Arguments.of((String) null), Arguments.of(""), Arguments.of("   "), Arguments.of("Store\r\n1"),
                Arguments.of("Store\n1"), Arguments.of("Store\u00001"), Arguments.of("x".repeat(201)));
    }

    @ParameterizedTest
    @MethodSource("badNames")
    void refusesABadName(String name) {
        Outcome outcome = service.putUnit(id("s2"), name, id("north"));
        assertThat(outcome).isInstanceOf(Outcome.Invalid.class);
        assertThat(((Outcome.Invalid) outcome).violations()).extracting(Violation::field).containsExactly("name");
        assertThat(units.writes()).isZero();
    }

    @ParameterizedTest(name = "{0} below {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "s2      | ghost",     // unknown parent
            "s2      | s2",        // its own parent
            "hq2     | null",      // second root
            "s1      | null",      // a store turned into a second root
            "north   | s1",        // below its own child
            "company | s1"})       // root below its grandchild
    void refusesChangesThatBreakTheTree(String unit, String parent) {
        Outcome outcome = service.putUnit(id(unit), "Name", id(parent));
        assertThat(outcome).isInstanceOf(Outcome.Invalid.class);
        assertThat(((Outcome.Invalid) outcome).violations()).extracting(Violation::field).containsExactly("parentId");
        assertThat(units.writes()).isZero();
        assertThat(service.listUnits()).hasSize(3);
    }

    @Test
    void deletingAnUnknownUnitIsNotFound() {
        assertThat(service.deleteUnit(id("ghost"))).isInstanceOf(Outcome.NotFound.class);
        assertThat(units.writes()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"company", "north"})
    void deletingAUnitWithChildrenIsAConflict(String unit) {
        Outcome outcome = service.deleteUnit(id(unit));
        assertThat(outcome).isInstanceOf(Outcome.Conflict.class);
        assertThat(((Outcome.Conflict) outcome).violations()).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("child"));
        assertThat(units.writes()).isZero();
    }

    @Test
    void deletesALeaf() {
        assertThat(service.deleteUnit(id("s1"))).isEqualTo(Outcome.done());
        assertThat(service.listUnits()).extracting(u -> u.id().value()).containsExactly("company", "north");
        assertThat(service.deleteUnit(id("north"))).isEqualTo(Outcome.done());
    }

    @Test
    void movingAStoreReleasesHeldMailBecauseItMayInheritAServerNow() {
        MessageId held = heldMailForS1();

        service.putUnit(id("s1"), "Store 1 renamed", id("north"));
        assertThat(queue.view(held).status()).as("a rename does not release").isEqualTo(MessageStatus.HELD);

        service.putUnit(id("s1"), "Store 1", id("company"));
        assertThat(queue.view(held).status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(signal.count()).isEqualTo(1);
    }
    @Test
    void creatingAnExistingIdIsAConflictAndChangesNothing() {
        Outcome outcome = service.createUnit(id("s1"), "Somewhere else", id("company"));

        assertThat(outcome).isInstanceOf(Outcome.Conflict.class);
        assertThat(((Outcome.Conflict) outcome).violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("id");
            assertThat(v.message()).contains("already a unit with the id s1 (Store 1)");
        });
        assertThat(units.writes()).isZero();
        assertThat(service.listUnits()).contains(new OrgUnit(id("s1"), "Store 1", id("north")));
    }

    @Test
    void createsANewUnitAndChecksItsParent() {
        assertThat(service.createUnit(id("s2"), " Store 2 ", id("north"))).isEqualTo(Outcome.done());
        assertThat(service.listUnits()).contains(new OrgUnit(id("s2"), "Store 2", id("north")));
        assertThat(service.createUnit(id("s3"), "Store 3", id("ghost"))).isInstanceOf(Outcome.Invalid.class);
        assertThat(service.createUnit(id("hq2"), "Second root", null)).isInstanceOf(Outcome.Invalid.class);
        assertThat(service.createUnit(id("s4"), " ", id("north"))).isInstanceOf(Outcome.Invalid.class);
    }

    @Test
    void aCreateThatLosesTheRaceForItsIdIsAConflict() {
        InMemoryOrgUnits racing = new InMemoryOrgUnits(settings) {
            @Override
            public boolean createUnit(OrgUnit unit) {
                super.createUnit(new OrgUnit(unit.id(), "Created meanwhile", unit.parentId()));
                return false;
            }
        }.with("company", "Company", null);
        OrgUnitService raced = serviceOn(racing);

        Outcome outcome = raced.createUnit(id("s9"), "Store 9", id("company"));

        assertThat(outcome).isInstanceOf(Outcome.Conflict.class);
        assertThat(raced.listUnits()).contains(new OrgUnit(id("s9"), "Created meanwhile", id("company")));
    }

    @Test
    void renamingKeepsTheParentAndMovingKeepsTheName() {
        service.createUnit(id("south"), "Region South", id("company"));

        assertThat(service.renameUnit(id("s1"), "  Store One ")).isEqualTo(Outcome.done());
        assertThat(service.moveUnit(id("s1"), id("south"))).isEqualTo(Outcome.done());

        assertThat(service.listUnits()).contains(new OrgUnit(id("s1"), "Store One", id("south")));
        assertThat(service.renameUnit(id("ghost"), "Name")).isInstanceOf(Outcome.NotFound.class);
        assertThat(service.moveUnit(id("ghost"), id("company"))).isInstanceOf(Outcome.NotFound.class);
        assertThat(service.renameUnit(id("s1"), "")).isInstanceOf(Outcome.Invalid.class);
    }

    @ParameterizedTest(name = "{0} under {1}")
    @CsvSource({"north, s1", "company, s1", "company, north", "north, north"})
    void refusesAMoveUnderItsOwnSubtree(String unit, String parent) {
        Outcome outcome = service.moveUnit(id(unit), id(parent));

        assertThat(outcome).isInstanceOf(Outcome.Invalid.class);
        assertThat(((Outcome.Invalid) outcome).violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("parentId");
            assertThat(v.message()).containsAnyOf("own subtree", "own parent");
        });
        assertThat(units.writes()).isZero();
    }

    @Test
    void anExplicitMoveReleasesHeldMailAndARenameDoesNot() {
        MessageId held = heldMailForS1();

        service.renameUnit(id("s1"), "Store 1 renamed");
        assertThat(queue.view(held).status()).isEqualTo(MessageStatus.HELD);

        service.moveUnit(id("s1"), id("company"));
        assertThat(queue.view(held).status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(signal.count()).isEqualTo(1);
    }
}
