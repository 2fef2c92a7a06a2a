package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.RefusedSubmission;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The submissions the relay listener refused at the door, newest first, 50 per page: when, from which client, the
 * sender and recipients given so far, and the reply. All of it comes from the client, so all of it goes through
 * {@link Html}'s escaping like any other text.
 */
final class RefusedPage {
    static final int PAGE_SIZE = 50;
    static final List<String> BREADCRUMB = List.of("Refused");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private RefusedPage() {
    }

    static Html content(int page, List<RefusedSubmission> refusals, boolean hasNext) {
        Html h = new Html();
        h.el("p", "Senders, recipients and messages the SMTP listener refused (unknown store, relay access denied, too"
                + " big, bad syntax, authentication required, a database that could not commit, …): what the client had"
                + " said by then and the reply it got, never the message's content. Kept as long as finished messages;"
                + " when there are very many, the oldest go first.");
        if (refusals.isEmpty()) {
            h.el("p", "Nothing was refused.");
        } else {
            h.open("table", "class", "log refused").el("caption", "Refusals, newest first").open("thead").open("tr");
            for (String column : List.of("Time (UTC)", "Client", "Sender", "Recipients", "Reply")) {
                h.el("th", column, "scope", "col");
            }
            h.close("tr").close("thead").open("tbody");
            for (RefusedSubmission r : refusals) {
                row(h, r);
            }
            h.close("tbody").close("table");
        }
        return AdminLayout.paging(h, page, hasNext, onPage -> AdminLayout.REFUSED + "?page=" + onPage);
    }

    private static void row(Html h, RefusedSubmission r) {
        h.open("tr").el("td", TIME.format(r.at()))
                .el("td", r.clientAddress() + (r.clientName() == null ? "" : " (" + r.clientName() + ")"))
                .el("td", r.mailFrom() == null ? "—" : r.mailFrom().isEmpty() ? "<>" : r.mailFrom());
        h.open("td");
        if (r.recipients().isEmpty()) {
            h.text("—");
        } else {
            h.open("ul", "class", "recipients");
            for (String recipient : r.recipients()) {
                h.el("li", recipient);
            }
            h.close("ul");
        }
        h.close("td").el("td", r.reply().toString()).close("tr");
    }
}
