package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.OrgTree;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;

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
 */
final class UnitTreeView {
    static final String FILTER_ID = "unit-filter";
    static final String CURRENT_ID = "current-unit";

    private UnitTreeView() {
    }

    /** @param link the page to link to; {@code ?unit=<id>} is appended */
    static Html tree(List<OrgUnit> units, String link, UnitId current) {
        return tree(units, link, current, null);
    }

    /**
     * @param link  the page to link to; {@code ?unit=<id>} is appended
     * @param query shows only the units whose name or id contains it (ignoring case), with the units above them;
     *              {@code null} or blank for all
     */
    static Html tree(List<OrgUnit> units, String link, UnitId current, String query) {
        Map<UnitId, List<OrgUnit>> children = units.stream().filter(u -> !u.isRoot())
                .collect(Collectors.groupingBy(OrgUnit::parentId));
        String q = query == null ? "" : query.strip();
        Html h = new Html().open("nav", "aria-label", "Organizational units", "class", "units");
        h.el("h2", "Organizational units");
        if (units.isEmpty()) {
            h.open("p").text("There are no units yet. ")
                    .el("a", "Create the company (the root unit)", "href", AdminLayout.UNITS + "#" + UnitsPage.CREATE_ID)
                    .text(", then its regions and stores below it.").close("p");
            return h.close("nav");
        }
        search(h, link, current, q);
        OrgTree tree = OrgTree.of(units);
        Set<UnitId> shown = q.isEmpty() ? null : matchesWithTheirAncestors(tree, q);
        Set<UnitId> open = new HashSet<>();
        if (current != null) {
            tree.pathToRoot(current).forEach(u -> open.add(u.id()));
        }
        if (shown != null) {
            h.open("p", "class", "hint", "role", "status").text((shown.isEmpty() ? "No unit matches" : "Units matching")
                            + " \u201c" + q + "\u201d. ")
                    .el("a", "Show all units", "href", link + (current == null ? "" : "?unit=" + current)).close("p");
        }
        h.open("div", "class", "tree");
        level(h, units.stream().filter(OrgUnit::isRoot).toList(), children, new Rendering(link, current, shown, open), true);
        return h.close("div").close("nav");
    }

    private record Rendering(String link, UnitId current, Set<UnitId> shown, Set<UnitId> open) {
    }

    /** A GET form: the page's script filters as one types; submitted, the server filters ({@code ?q=}). */
    private static void search(Html h, String link, UnitId current, String q) {
        h.open("form", "method", "get", "action", link, "role", "search", "class", "unit-search");
        if (current != null) {
            h.hidden("unit", current.value());
        }
        h.el("label", "Find a unit (name or id)", "for", FILTER_ID)
                .open("input", "id", FILTER_ID, "name", "q", "type", "search", "value", q, "autocomplete", "off")
                .el("button", "Find", "type", "submit").close("form");
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

    private static void level(Html h, List<OrgUnit> level, Map<UnitId, List<OrgUnit>> children, Rendering r, boolean top) {
        List<OrgUnit> visible = level.stream().filter(u -> r.shown() == null || r.shown().contains(u.id()))
                .sorted(Comparator.comparing(OrgUnit::name)).toList();
        if (visible.isEmpty()) {
            return;
        }
        h.open("ul");
        for (OrgUnit unit : visible) {
            h.open("li", "data-search", searchText(unit));
            List<OrgUnit> below = children.getOrDefault(unit.id(), List.of());
            boolean hasChildren = below.stream().anyMatch(u -> r.shown() == null || r.shown().contains(u.id()));
            if (hasChildren) {
                boolean open = top || r.shown() != null || r.open().contains(unit.id());
                h.open("details", "open", Html.flag(open, "open"), "data-open", open ? "true" : "false").open("summary");
                link(h, unit, r);
                h.close("summary");
                level(h, below, children, r, false);
                h.close("details");
            } else {
                link(h, unit, r);
            }
            h.close("li");
        }
        h.close("ul");
    }

    private static void link(Html h, OrgUnit unit, Rendering r) {
        boolean current = unit.id().equals(r.current());
        h.el("a", unit.name() + " (" + unit.id() + ")", "href", r.link() + "?unit=" + unit.id(),
                "aria-current", current ? "page" : null, "id", current ? CURRENT_ID : null);
    }
}
