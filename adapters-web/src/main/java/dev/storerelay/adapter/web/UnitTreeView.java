package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The unit tree (company → regions → stores) as nested lists of links, to pick the unit a page shows. */
final class UnitTreeView {
    private UnitTreeView() {
    }

    /** @param link the page to link to; {@code ?unit=<id>} is appended */
    static Html tree(List<OrgUnit> units, String link, UnitId current) {
        Map<UnitId, List<OrgUnit>> children = units.stream().filter(u -> !u.isRoot())
                .collect(Collectors.groupingBy(OrgUnit::parentId));
        Html h = new Html().open("nav", "aria-label", "Organizational units", "class", "units");
        h.el("h2", "Organizational units");
        if (units.isEmpty()) {
            h.open("p").text("There are no units yet. ")
                    .el("a", "Create the company (the root unit)", "href", AdminLayout.UNITS + "#" + UnitsPage.CREATE_ID)
                    .text(", then its regions and stores below it.").close("p");
        }
        level(h, units.stream().filter(OrgUnit::isRoot).toList(), children, link, current);
        return h.close("nav");
    }

    private static void level(Html h, List<OrgUnit> level, Map<UnitId, List<OrgUnit>> children, String link,
                              UnitId current) {
        if (level.isEmpty()) {
            return;
        }
        h.open("ul");
        for (OrgUnit unit : level.stream().sorted(Comparator.comparing(OrgUnit::name)).toList()) {
            h.open("li").el("a", unit.name() + " (" + unit.id() + ")", "href", link + "?unit=" + unit.id(),
                    "aria-current", unit.id().equals(current) ? "page" : null);
            level(h, children.getOrDefault(unit.id(), List.of()), children, link, current);
            h.close("li");
        }
        h.close("ul");
    }
}
