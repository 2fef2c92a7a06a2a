package dev.storerelay.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class OrgTreeTest {
    // company -> north -> {s1, s2 -> s2a}, company -> south -> s3
    private static final OrgTree TREE = OrgTree.of(List.of(
            unit("company", null), unit("north", "company"), unit("south", "company"),
            unit("s1", "north"), unit("s2", "north"), unit("s2a", "s2"), unit("s3", "south")));

    static OrgUnit unit(String id, String parent) {
        return new OrgUnit(UnitId.of(id), "Unit " + id, parent == null ? null : UnitId.of(parent));
    }

    private static List<String> ids(List<OrgUnit> units) {
        return units.stream().map(u -> u.id().value()).toList();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "company | company",
            "north   | north,company",
            "s1      | s1,north,company",
            "s2a     | s2a,s2,north,company",
            "s3      | s3,south,company"})
    void pathToRootStartsAtTheUnitAndEndsAtTheRoot(String id, String expected) {
        assertThat(ids(TREE.pathToRoot(UnitId.of(id)))).containsExactly(expected.split(","));
    }

    @Test
    void pathToRootOfAnUnknownUnitIsEmpty() {
        assertThat(TREE.pathToRoot(UnitId.of("nope"))).isEmpty();
        assertThat(OrgTree.empty().pathToRoot(UnitId.of("s1"))).isEmpty();
    }

    @Test
    void listsUnitsAndChildrenOrderedById() {
        assertThat(ids(TREE.units())).containsExactly("company", "north", "s1", "s2", "s2a", "s3", "south");
        assertThat(ids(TREE.children(UnitId.of("north")))).containsExactly("s1", "s2");
        assertThat(TREE.children(UnitId.of("s1"))).isEmpty();
        assertThat(TREE.root()).map(OrgUnit::id).contains(UnitId.of("company"));
        assertThat(OrgTree.empty().root()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "s4      | north",      // new store
            "s2a     | south",      // move a leaf to another branch
            "s2      | south",      // move a subtree
            "north   | south",      // move a region below its sibling
            "s1      | s1x",        // unknown parent, checked below
    })
    void acceptsNewUnitsAndMovesThatKeepOneTree(String id, String parent) {
        List<Violation> violations = TREE.checkPut(unit(id, parent));
        if (parent.equals("s1x")) {
            assertThat(violations).extracting(Violation::field).containsExactly("parentId");
        } else {
            assertThat(violations).isEmpty();
        }
    }

    @Test
    void renamingTheRootIsFine() {
        assertThat(TREE.checkPut(new OrgUnit(UnitId.of("company"), "Company AG", null))).isEmpty();
    }

    @Test
    void refusesAnUnknownParent() {
        assertThat(TREE.checkPut(unit("s9", "ghost")))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("parentId");
                    assertThat(v.message()).contains("ghost");
                });
    }

    @ParameterizedTest
    @CsvSource({"company", "north", "s1", "zzz"})
    void refusesASecondRootBesideTheTree(String id) {
        assertThat(TREE.checkPut(unit(id + "-2", null)))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("parentId");
                    assertThat(v.message()).contains("already a root unit (company)");
                });
    }

    @Test
    void refusesASecondRootWhateverOrderTheUnitsAreKeptIn() {
        // The tree keeps its units in a map whose iteration order depends on the ids and varies between JVM runs;
        // many pairs of old and new root make sure the new root is sometimes met first.
        List<String> accepted = new ArrayList<>();
        for (int r = 0; r < 16; r++) {
            OrgTree tree = OrgTree.of(List.of(unit("c" + r, null), unit("c" + r + "-store", "c" + r)));
            for (int n = 0; n < 16; n++) {
                if (tree.checkPut(unit("new" + n, null)).isEmpty()) {
                    accepted.add("new" + n + " beside c" + r);
                }
                if (tree.checkPut(unit("c" + r + "-store", null)).isEmpty()) {
                    accepted.add("c" + r + "-store made a root beside c" + r);
                }
            }
        }
        assertThat(accepted).isEmpty();
    }

    @Test
    void theFirstUnitMayBeARoot() {
        assertThat(OrgTree.empty().checkPut(unit("company", null))).isEmpty();
        assertThat(OrgTree.empty().checkPut(unit("s1", "company"))).extracting(Violation::field).containsExactly("parentId");
    }

    static Stream<Arguments> movesBelowOwnDescendant() {
        return Stream.of(
                Arguments.of("north", "s1"),         // one level down
                Arguments.of("north", "s2a"),        // two levels down
                Arguments.of("company", "s2a"),      // the root below its deepest descendant
                Arguments.of("company", "north"),
                Arguments.of("s2", "s2a"));
    }

    @ParameterizedTest
    @MethodSource("movesBelowOwnDescendant")
    void refusesMovingAUnitBelowItsOwnDescendant(String id, String newParent) {
        assertThat(TREE.checkPut(unit(id, newParent)))
                .singleElement()
                .satisfies(v -> assertThat(v.field()).isEqualTo("parentId"));
    }

    @Test
    void refusesCyclesAtAnyDepth() {
        OrgTree chain = OrgTree.of(IntStream.range(0, 50)
                .mapToObj(i -> unit("u" + i, i == 0 ? null : "u" + (i - 1))).toList());
        assertThat(ids(chain.pathToRoot(UnitId.of("u49")))).hasSize(50).startsWith("u49").endsWith("u0");
        assertThat(chain.checkPut(unit("u1", "u49"))).extracting(Violation::field).containsExactly("parentId");
        assertThat(chain.checkPut(unit("u0", "u49"))).extracting(Violation::field).containsExactly("parentId");
        assertThat(chain.checkPut(unit("u48", "u0"))).isEmpty();
    }

    @Test
    void withUnitReturnsANewTreeAndLeavesTheOldOneAlone() {
        OrgTree moved = TREE.withUnit(unit("s2", "south"));
        assertThat(ids(moved.pathToRoot(UnitId.of("s2a")))).containsExactly("s2a", "s2", "south", "company");
        assertThat(ids(TREE.pathToRoot(UnitId.of("s2a")))).containsExactly("s2a", "s2", "north", "company");
    }

    @ParameterizedTest
    @CsvSource({"north, 2", "s2, 1", "company, 2"})
    void refusesRemovingAUnitWithChildren(String id, int children) {
        assertThat(TREE.checkRemove(UnitId.of(id)))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("id");
                    assertThat(v.message()).contains(id).contains(children + " child unit(s)");
                });
    }

    @ParameterizedTest
    @CsvSource({"s1", "s2a", "s3", "unknown"})
    void allowsRemovingALeaf(String id) {
        assertThat(TREE.checkRemove(UnitId.of(id))).isEmpty();
    }

    static Stream<Arguments> brokenStoredData() {
        return Stream.of(
                Arguments.of("two roots", List.of(unit("a", null), unit("b", null))),
                Arguments.of("two roots, more units", List.of(unit("a", null), unit("a1", "a"), unit("b", null), unit("b1", "b"))),
                Arguments.of("missing parent", List.of(unit("a", null), unit("b", "ghost"))),
                Arguments.of("cycle without root", List.of(unit("a", "b"), unit("b", "a"))),
                Arguments.of("cycle beside a root", List.of(unit("r", null), unit("a", "c"), unit("b", "a"), unit("c", "b"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenStoredData")
    void ofRefusesStoredUnitsThatDoNotFormOneTree(String what, List<OrgUnit> stored) {
        assertThatIllegalArgumentException().isThrownBy(() -> OrgTree.of(stored))
                .withMessageContaining("do not form a tree");
    }

    @Test
    void ofAcceptsAnEmptyList() {
        assertThat(OrgTree.of(List.of()).units()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''", "'   '"})
    void unitsNeedANameOnOneLine(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> new OrgUnit(UnitId.of("a"), name, null));
    }

    @Test
    void unitNamesAreLimited() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OrgUnit(UnitId.of("a"), "North\r\nX", null));
        assertThatIllegalArgumentException().isThrownBy(() -> new OrgUnit(UnitId.of("a"), "x".repeat(201), null));
        assertThatIllegalArgumentException().isThrownBy(() -> new OrgUnit(UnitId.of("a"), "A", UnitId.of("a")));
        assertThat(new OrgUnit(UnitId.of("a"), "x".repeat(200), null).isRoot()).isTrue();
    }
}
