package dev.storerelay.adapter.web;

import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.ReplyAdvice;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The delivery log of one unit (or all): status filter, one row per message, paging, retry and discard. */
final class DeliveryLogPage {
    static final int PAGE_SIZE = 50;

    private DeliveryLogPage() {
    }

    /** The filter as given: {@code unit} and {@code status} may be {@code null} (all). */
    record Filter(String unit, MessageStatus status, int page) {
        String query(int onPage) {
            return "?unit=" + (unit == null ? "" : unit) + "&status=" + (status == null ? "" : status.name().toLowerCase(Locale.ROOT))
                    + "&page=" + onPage;
        }
    }

    static Html content(AdminSessions.Session session, Filter filter, List<MessageView> messages, boolean hasNext,
                        String notice, boolean noticeIsError) {
        Html h = new Html();
        AdminLayout.notice(h, notice, noticeIsError);
        filterForm(h, filter);
        if (messages.isEmpty()) {
            h.el("p", "No messages match.");
        } else {
            table(h, session, filter, messages);
        }
        return AdminLayout.paging(h, filter.page(), hasNext, page -> AdminLayout.DELIVERY_LOG + filter.query(page));
    }

    private static void filterForm(Html h, Filter filter) {
        h.open("form", "method", "get", "action", AdminLayout.DELIVERY_LOG, "class", "filter")
                .el("label", "Unit id", "for", "unit")
                .open("input", "id", "unit", "name", "unit", "type", "text", "value", filter.unit())
                .el("label", "Status", "for", "status")
                .open("select", "id", "status", "name", "status")
                .el("option", "All", "value", "", "selected", Html.flag(filter.status() == null, "selected"));
        for (MessageStatus status : MessageStatus.values()) {
            h.el("option", status.name().toLowerCase(Locale.ROOT), "value", status.name().toLowerCase(Locale.ROOT),
                    "selected", Html.flag(status == filter.status(), "selected"));
        }
        h.close("select").el("button", "Show", "type", "submit").close("form");
    }

    private static void table(Html h, AdminSessions.Session session, Filter filter, List<MessageView> messages) {
        boolean canSetup = session.user().canSetup();
        h.open("table", "class", "log").el("caption", "Messages, newest first").open("thead").open("tr");
        for (String column : List.of("Received", "Unit", "Status", "Sender", "Recipients", "Attempts", "Last upstream reply")) {
            h.el("th", column, "scope", "col");
        }
        if (canSetup) {
            h.el("th", "Actions", "scope", "col");
        }
        h.close("tr").close("thead").open("tbody");
        for (MessageView m : messages) {
            String status = m.status().name().toLowerCase(Locale.ROOT);
            h.open("tr", "id", "message-" + m.id().value(), "class", "status-" + status);
            Times.cell(h, m.receivedAt())
                    .el("td", m.store().value())
                    .el("td", status)
                    .el("td", m.envelopeSender().isEmpty() ? "<>" : m.envelopeSender());
            h.open("td").open("ul", "class", "recipients");
            // Recipients refused alike (a refused login refuses them all) get the advice once, under the first.
            Set<ReplyAdvice> advised = new HashSet<>();
            for (MessageView.RecipientView r : m.recipients()) {
                h.open("li").text(r.address() + ": " + r.status().name().toLowerCase(Locale.ROOT)
                        + (r.lastReply() == null ? "" : " — " + r.lastReply()));
                LastReplyAdvice.of(r.lastReply()).filter(advised::add).ifPresent(advice -> advice(h, advice));
                h.close("li");
            }
            h.close("ul").close("td").open("td").text(Integer.toString(m.attempts()));
            if (m.lastAttemptAt() != null) {
                Times.time(h.text(", last "), m.lastAttemptAt());
            }
            h.close("td").el("td", m.lastError() == null ? "" : m.lastError());
            if (canSetup) {
                h.open("td");
                if (m.status() != MessageStatus.DELIVERED) {
                    action(h, session, filter, m, "retry", "Retry");
                }
                if (!m.status().isFinal()) {
                    action(h, session, filter, m, "discard", "Discard");
                }
                h.close("td");
            }
            h.close("tr");
        }
        h.close("tbody").close("table");
    }

    private static void advice(Html h, ReplyAdvice advice) {
        h.open("p", "class", "advice").el("strong", "What this means:").text(" " + advice.cause() + " ")
                .el("strong", "What to do:").text(" " + advice.fix()).close("p");
    }

    private static void action(Html h, AdminSessions.Session session, Filter filter, MessageView m, String what, String label) {
        h.open("form", "method", "post", "action", AdminLayout.DELIVERY_LOG + "/" + m.id().value() + "/" + what
                + filter.query(filter.page()), "class", "inline");
        AdminLayout.csrf(h, session);
        if (what.equals("discard")) {
            AdminLayout.dangerButton(h, label, "Discard message " + m.id().value() + "? Its undelivered recipients fail "
                    + "and it is never tried again.", "aria-label", label + " message " + m.id().value());
        } else {
            h.el("button", label, "type", "submit", "aria-label", label + " message " + m.id().value());
        }
        h.close("form");
    }
}
