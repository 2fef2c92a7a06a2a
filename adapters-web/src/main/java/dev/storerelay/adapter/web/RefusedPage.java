package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.RefusedSubmission;
import gg.jte.Content;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The submissions the relay listener refused at the door, newest first, 50 per page ({@code refused.jte}): when, from
 * which client, the sender and recipients given so far, and the reply. All of it comes from the client, so the
 * template prints it only through jte's escaping.
 */
final class RefusedPage {
    static final int PAGE_SIZE = 50;
    static final List<String> BREADCRUMB = List.of("Refused");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private RefusedPage() {
    }

    /** One refusal as the table shows it. */
    record Row(String time, String client, String sender, List<String> recipients, String reply) {
        static Row of(RefusedSubmission r) {
            return new Row(TIME.format(r.at()),
                    r.clientAddress() + (r.clientName() == null ? "" : " (" + r.clientName() + ")"),
                    r.mailFrom() == null ? "—" : r.mailFrom().isEmpty() ? "<>" : r.mailFrom(),
                    r.recipients(), r.reply().toString());
        }
    }

    static Content content(int page, List<RefusedSubmission> refusals, boolean hasNext) {
        return Templates.content("refused.jte", Templates.params("page", page,
                "rows", refusals.stream().map(Row::of).toList(), "hasNext", hasNext));
    }
}
