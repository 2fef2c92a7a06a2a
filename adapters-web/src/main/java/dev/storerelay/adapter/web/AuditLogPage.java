package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.AuditEntry;
import gg.jte.Content;

import java.time.Instant;
import java.util.List;

/**
 * The audit log ({@code auditLog.jte}): who changed which field of which unit when, newest first, 50 per page,
 * optionally for one unit.
 */
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

        String href(int onPage) {
            return AdminLayout.AUDIT_LOG + query(onPage);
        }
    }

    /** One change as the table shows it; {@code unit} is "—" for a change outside any unit. */
    record Row(Instant at, String actor, String unit, String field, String change) {
        static Row of(AuditEntry e) {
            return new Row(e.at(), e.actor(), e.unit() == null ? "—" : e.unit().value(), e.field(), e.change());
        }
    }

    static Content content(Filter filter, List<AuditEntry> entries, boolean hasNext) {
        return Templates.content("auditLog.jte", Templates.params("filter", filter,
                "rows", entries.stream().map(Row::of).toList(), "hasNext", hasNext));
    }
}
