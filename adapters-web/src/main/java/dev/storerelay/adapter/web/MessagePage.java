package dev.storerelay.adapter.web;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.AttemptView;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.domain.model.ReplyAdvice;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One message of the delivery log ({@code /admin/delivery-log/{id}}): what it is, which store the routing chose and
 * why, every recipient with its state and the upstream's raw reply, every attempt with its reply, the explanation of
 * the table of known replies where it has one, and retry / discard.
 */
final class MessagePage {
    /**
     * The reply in an attempt's summary, which names the first recipient not delivered as {@code "; <address>:
     * <status>, <reply>"} (see the application's {@code DeliveryAttempts}); a hold's summary is the reason itself.
     */
    private static final Pattern SUMMARY_REPLY = Pattern.compile("; [^ ]+: [a-z]+, (.*)", Pattern.DOTALL);

    private MessagePage() {
    }

    static String path(MessageId id) {
        return AdminLayout.DELIVERY_LOG + "/" + id.value();
    }

    static String title(MessageId id) {
        return "Message " + id.value();
    }

    static Html content(AdminSessions.Session session, MessageView m, List<AttemptView> attempts, String notice,
                        boolean noticeIsError) {
        Html h = new Html();
        AdminLayout.notice(h, notice, noticeIsError);
        h.open("p").el("a", "Back to the delivery log", "href", AdminLayout.DELIVERY_LOG).close("p");
        summary(h, m);
        if (session.user().canSetup()) {
            h.open("div", "class", "actions");
            DeliveryLogPage.actions(h, session, m, what -> path(m.id()) + "/" + what + "?from=message");
            h.close("div");
        }
        h.el("h2", "Routing decision")
                .open("p", "class", "routing").text("Store " + m.store().value() + ", by rule ")
                .el("code", m.routingReason().name()).text(": " + m.routingExplanation()).close("p");
        recipients(h, m);
        attempts(h, attempts);
        return h;
    }

    private static void summary(Html h, MessageView m) {
        h.open("dl", "class", "message-summary");
        item(h, "Queue id", Long.toString(m.id().value()));
        h.el("dt", "Status").open("dd");
        DeliveryLogPage.status(h, m).close("dd");
        Times.time(h.el("dt", "Received").open("dd"), m.receivedAt()).close("dd");
        item(h, "Subject", m.subject() == null ? "(no subject)" : m.subject());
        item(h, "Message-ID", m.messageIdHeader() == null ? "(none)" : m.messageIdHeader());
        item(h, "Envelope sender", m.envelopeSender().isEmpty() ? "<>" : m.envelopeSender());
        item(h, "Sent as", m.sentAs() == null ? "(not sent yet)" : m.sentAs());
        item(h, "Size", m.size() + " octets");
        h.el("dt", "Attempts").open("dd").text(Integer.toString(m.attempts()));
        if (m.lastAttemptAt() != null) {
            Times.time(h.text(", last "), m.lastAttemptAt());
        }
        h.close("dd");
        h.close("dl");
    }

    private static void item(Html h, String term, String value) {
        h.el("dt", term).el("dd", value);
    }

    private static void recipients(Html h, MessageView m) {
        h.open("table", "class", "log recipients-table").el("caption", "Recipients").open("thead").open("tr");
        for (String column : List.of("Recipient", "Status", "Since", "Upstream's last reply", "What it means")) {
            h.el("th", column, "scope", "col");
        }
        h.close("tr").close("thead").open("tbody");
        for (MessageView.RecipientView r : m.recipients()) {
            h.open("tr").el("td", r.address()).el("td", r.status().name().toLowerCase(Locale.ROOT))
                    .append(r.updatedAt() == null ? new Html().el("td", "") : Times.cell(new Html(), r.updatedAt()))
                    .el("td", r.lastReply() == null ? "" : r.lastReply(), "class", "raw-reply");
            explanation(h.open("td"), LastReplyAdvice.of(r.lastReply())).close("td").close("tr");
        }
        h.close("tbody").close("table");
    }

    private static void attempts(Html h, List<AttemptView> attempts) {
        h.open("table", "class", "log attempts").el("caption", "Attempts, oldest first").open("thead").open("tr");
        for (String column : List.of("When", "Kind", "What happened", "What it means")) {
            h.el("th", column, "scope", "col");
        }
        h.close("tr").close("thead").open("tbody");
        if (attempts.isEmpty()) {
            h.open("tr").el("td", "No attempt yet.", "colspan", "4").close("tr");
        }
        for (AttemptView a : attempts) {
            String kind = a.held() ? "held" : a.counted() ? "attempt" : "waited";
            Times.cell(h.open("tr", "class", "attempt"), a.at()).el("td", kind)
                    .el("td", a.summary(), "class", "raw-reply");
            explanation(h.open("td"), reply(a.summary()).flatMap(LastReplyAdvice::of)).close("td").close("tr");
        }
        h.close("tbody").close("table");
    }

    /** The reply an attempt's summary quotes; a summary without a recipient's reply is the relay's reason. */
    static Optional<String> reply(String summary) {
        Matcher matcher = SUMMARY_REPLY.matcher(summary);
        if (matcher.find()) {
            return Optional.of(matcher.group(1));
        }
        return summary.contains("recipient(s) delivered") ? Optional.empty() : Optional.of(summary);
    }

    private static Html explanation(Html h, Optional<ReplyAdvice> advice) {
        return advice.map(a -> DeliveryLogPage.advice(h, a)).orElse(h);
    }
}
