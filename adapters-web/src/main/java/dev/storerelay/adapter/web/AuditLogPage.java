package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.AuditEntry;

import java.util.List;

/** The audit log: who changed which field of which unit when, newest first, 50 per page, optionally for one unit. */
final class AuditLogPage {
    static final int PAGE_SIZE = 50;
    static final List<String> BREADCRUMB = List.of("Audit log");

    private AuditLogPage() {
    }

    /** The filter as given: {@code unit} {@code null} for all units. */
    record Filter(String unit, int page) {
        String query(int onPage) {
            return "?unit=" + (unit == null ? "" : unit) + "&page=" + onPage;
        }
    }

    static Html content(Filter filter, List<AuditEntry> entries, boolean hasNext) {
        Html h = new Html();
        h.el("p", "Every change an admin made: who, when and which field. Passwords show only as set, changed or cleared.");
        h.open("form", "method", "get", "action", AdminLayout.AUDIT_LOG, "class", "filter")
                .el("label", "Unit id", "for", "unit")
                .open("input", "id", "unit", "name", "unit", "type", "text", "value", filter.unit())
                .el("button", "Show", "type", "submit").close("form");
        if (entries.isEmpty()) {
            h.el("p", "No changes match.");
        } else {
            h.open("table", "class", "log").el("caption", "Changes, newest first").open("thead").open("tr");
            for (String column : List.of("Time", "User", "Unit", "Field", "Change")) {
                h.el("th", column, "scope", "col");
            }
            h.close("tr").close("thead").open("tbody");
            for (AuditEntry e : entries) {
                Times.cell(h.open("tr"), e.at()).el("td", e.actor())
                        .el("td", e.unit() == null ? "—" : e.unit().value()).el("td", e.field()).el("td", e.change())
                        .close("tr");
            }
            h.close("tbody").close("table");
        }
        return AdminLayout.paging(h, filter.page(), hasNext, page -> AdminLayout.AUDIT_LOG + filter.query(page));
    }
}
