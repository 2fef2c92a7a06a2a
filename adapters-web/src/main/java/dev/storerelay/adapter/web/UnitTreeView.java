package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.OrgTree;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;
import gg.jte.Content;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The unit tree (company → regions → stores) as nested lists of links, to pick the unit a page shows. Built for a chain
 * of hundreds of stores: a unit with units below it is a {@code <details>} that opens and closes, open at the root and
 * along the way to the chosen unit; a search box filters the tree as one types (the page's script) and, without the
 * script, on the server ({@code ?q=}); and the chosen unit is kept in view within the tree's own scrolling box.
 * Laid out by {@code unitTree.jte}.
 */
final class UnitTreeView {
    static final String FILTER_ID = "unit-filter";
    static final String CURRENT_ID = "current-unit";

    private UnitTreeView() {
    }

    /**
     * What {@code unitTree.jte} shows.
     *
     * @param current the chosen unit's id, {@code null} for none
     * @param hint    the search's result in words, {@code null} without a search
     * @param roots   the top level, {@code null} when there are no units at all
     */
    record Tree(String link, String current, String query, String hint, String showAllHref, List<Node> roots) {
    }

    /** A unit in the tree; one with visible units below it opens and closes. */
    record Node(String searchText, String label, String href, boolean current, boolean open, List<Node> children) {
    }

    /** @param link the page to link to; {@code ?unit=<id>} is appended */
    static Content tree(List<OrgUnit> units, String link, UnitId current) {
        return tree(units, link, current, null);
    }

    /**
     * @param link  the page to link to; {@code ?unit=<id>} is appended
     * @param query shows only the units whose name or id contains it (ignoring case), with the units above them;
     *              {@code null} or blank for all
     */
    static Content tree(List<OrgUnit> units, String link, UnitId current, String query) {
        return Templates.content("unitTree.jte", Templates.params("tree", view(units, link, current, query)));
    }

    static Tree view(List<OrgUnit> units, String link, UnitId current, String query) {
        String q = query == null ? "" : query.strip();
        String currentId = current == null ? null : current.value();
        if (units.isEmpty()) {
            return new Tree(link, currentId, q, null, null, null);
        }
        Map<UnitId, List<OrgUnit>> children = units.stream().filter(u -> !u.isRoot())
                .collect(Collectors.groupingBy(OrgUnit::parentId));
        OrgTree tree = OrgTree.of(units);
        Set<UnitId> shown = q.isEmpty() ? null : matchesWithTheirAncestors(tree, q);
        Set<UnitId> open = new HashSet<>();
        if (current != null) {
            tree.pathToRoot(current).forEach(u -> open.add(u.id()));
        }
        String hint = shown == null ? null
                : (shown.isEmpty() ? "No unit matches" : "Units matching") + " \u201c" + q + "\u201d.";
        List<Node> roots = level(units.stream().filter(OrgUnit::isRoot).toList(), children,
                new Rendering(link, current, shown, open), true);
        return new Tree(link, currentId, q, hint, link + (current == null ? "" : "?unit=" + current), roots);
    }

    private record Rendering(String link, UnitId current, Set<UnitId> shown, Set<UnitId> open) {
    }

    private static Set<UnitId> matchesWithTheirAncestors(OrgTree tree, String q) {
        String needle = q.toLowerCase(Locale.ROOT);
        Set<UnitId> shown = new HashSet<>();
        for (OrgUnit unit : tree.units()) {
            if (searchText(unit).contains(needle)) {
                tree.pathToRoot(unit.id()).forEach(u -> shown.add(u.id()));
            }
        }
        return shown;
    }

    /** What the search looks in, lower case: the same on the server and, from {@code data-search}, in the script. */
    private static String searchText(OrgUnit unit) {
        return (unit.name() + " " + unit.id()).toLowerCase(Locale.ROOT);
    }

    private static List<Node> level(List<OrgUnit> level, Map<UnitId, List<OrgUnit>> children, Rendering r, boolean top) {
        List<Node> nodes = new ArrayList<>();
        level.stream().filter(u -> r.shown() == null || r.shown().contains(u.id()))
                .sorted(Comparator.comparing(OrgUnit::name)).forEach(unit -> {
                    List<Node> below = level(children.getOrDefault(unit.id(), List.of()), children, r, false);
                    boolean open = !below.isEmpty() && (top || r.shown() != null || r.open().contains(unit.id()));
                    nodes.add(new Node(searchText(unit), unit.name() + " (" + unit.id() + ")",
                            r.link() + "?unit=" + unit.id(), unit.id().equals(r.current()), open, below));
                });
        return nodes;
    }
}
