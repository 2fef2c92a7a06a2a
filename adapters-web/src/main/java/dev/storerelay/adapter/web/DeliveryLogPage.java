package dev.storerelay.adapter.web;

import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.ReplyAdvice;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The delivery log of one unit's subtree (or all): the search of DESIGN §8, one row per message with its subject,
 * Message-ID, the address it went out as and its last reply in plain words, paging, retry and discard; each row links
 * to the message's page ({@link MessagePage}).
 */
final class DeliveryLogPage {
    static final int PAGE_SIZE = 50;
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    /** The search's fields in the form's order, with their labels: the query parameters of {@code GET /api/messages}. */
    private static final Map<String, String> TEXT_FIELDS = textFields();

    private DeliveryLogPage() {
    }

    private static Map<String, String> textFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("recipient", "Recipient");
        fields.put("sender", "Envelope sender");
        fields.put("subject", "Subject begins with");
        fields.put("messageId", "Message-ID");
        fields.put("id", "Queue id");
        fields.put("since", "Received from (UTC)");
        fields.put("until", "Received before (UTC)");
        return fields;
    }

    /** The search as typed, to show again in the form and to carry through paging and actions; {@code page} from 1. */
    record Filter(Map<String, String> values, int page) {
        Filter {
            values = Map.copyOf(values);
        }

        /** Every search parameter of the request that has a value. */
        static Filter of(Function<String, String> param, int page) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String name : names()) {
                String value = param.apply(name);
                if (value != null && !value.isBlank()) {
                    values.put(name, value);
                }
            }
            return new Filter(values, page);
        }

        static List<String> names() {
            List<String> names = new java.util.ArrayList<>(List.of("unit", "status"));
            names.addAll(TEXT_FIELDS.keySet());
            return names;
        }

        String value(String name) {
            return values.getOrDefault(name, "");
        }

        /** {@code ?unit=…&page=n}: the search's parameters, URL-encoded, in a fixed order. */
        String query(int onPage) {
            StringJoiner query = new StringJoiner("&", "?", "");
            for (String name : names()) {
                if (values.containsKey(name)) {
                    query.add(name + "=" + URLEncoder.encode(values.get(name), StandardCharsets.UTF_8));
                }
            }
            return query.add("page=" + onPage).toString();
        }
    }

    static Html content(AdminSessions.Session session, Filter filter, List<MessageView> messages, boolean hasNext,
                        String notice, boolean noticeIsError) {
        Html h = new Html();
        AdminLayout.notice(h, notice, noticeIsError);
        searchForm(h, filter);
        if (messages.isEmpty()) {
            h.el("p", noticeIsError ? "" : "No messages match.");
        } else {
            table(h, session, filter, messages);
        }
        return AdminLayout.paging(h, filter.page(), hasNext, page -> AdminLayout.DELIVERY_LOG + filter.query(page));
    }

    private static void searchForm(Html h, Filter filter) {
        h.open("form", "method", "get", "action", AdminLayout.DELIVERY_LOG, "class", "filter search", "role", "search",
                        "aria-label", "Search the delivery log")
                .open("div", "class", "field").el("label", "Unit id (and the units below it)", "for", "unit")
                .open("input", "id", "unit", "name", "unit", "type", "text", "value", filter.value("unit")).close("div")
                .open("div", "class", "field").el("label", "Status", "for", "status")
                .open("select", "id", "status", "name", "status")
                .el("option", "All", "value", "", "selected", Html.flag(filter.value("status").isEmpty(), "selected"));
        List<String> statuses = new java.util.ArrayList<>();
        for (MessageStatus status : MessageStatus.values()) {
            statuses.add(status.name().toLowerCase(Locale.ROOT));
        }
        statuses.add(1, MessageSearchParams.DEFERRED);
        for (String status : statuses) {
            h.el("option", status, "value", status, "selected", Html.flag(status.equalsIgnoreCase(filter.value("status")), "selected"));
        }
        h.close("select").close("div");
        TEXT_FIELDS.forEach((name, label) -> h.open("div", "class", "field").el("label", label, "for", "search-" + name)
                .open("input", "id", "search-" + name, "name", name, "type", "text", "value", filter.value(name),
                        "placeholder", placeholder(name)).close("div"));
        h.el("button", "Search", "type", "submit").close("form")
                .el("p", "Addresses match whole, in any case; end one with * for those that begin with it (anna@*). "
                        + "A unit takes in every unit below it.", "class", "hint");
    }

    /** The form's label of a search parameter, to name it in an error. */
    static String label(String name) {
        return switch (name) {
            case "unit" -> "Unit id";
            case "status" -> "Status";
            default -> TEXT_FIELDS.getOrDefault(name, name);
        };
    }

    private static String placeholder(String name) {
        return switch (name) {
            case "recipient" -> "anna@example.com or anna@*";
            case "sender" -> "erp@shop.example";
            case "subject" -> "Order confirmation";
            case "messageId" -> "<1234@erp.local>";
            case "since", "until" -> "2026-03-01T09:00";
            default -> null;
        };
    }

    private static void table(Html h, AdminSessions.Session session, Filter filter, List<MessageView> messages) {
        boolean canSetup = session.user().canSetup();
        h.open("table", "class", "log").el("caption", "Messages, newest first").open("thead").open("tr");
        for (String column : List.of("Message", "Unit", "Status", "Subject and Message-ID", "Sender", "Recipients",
                "Last upstream reply")) {
            h.el("th", column, "scope", "col");
        }
        if (canSetup) {
            h.el("th", "Actions", "scope", "col");
        }
        h.close("tr").close("thead").open("tbody");
        for (MessageView m : messages) {
            h.open("tr", "id", "message-" + m.id().value(), "class", "status-" + state(m))
                    .open("td").el("a", "Message " + m.id().value(), "href", MessagePage.path(m.id()))
                    .open("div", "class", "when");
            Times.time(h, m.receivedAt()).close("div").close("td")
                    .el("td", m.store().value());
            status(h.open("td"), m).close("td");
            h.open("td").el("div", m.subject() == null ? "(no subject)" : m.subject(), "class", "subject")
                    .el("div", m.messageIdHeader() == null ? "" : m.messageIdHeader(), "class", "message-id").close("td");
            h.open("td").el("div", m.envelopeSender().isEmpty() ? "<>" : m.envelopeSender())
                    .el("div", m.sentAs() == null ? "" : "sent as " + m.sentAs(), "class", "sent-as").close("td");
            h.open("td").open("ul", "class", "recipients");
            for (MessageView.RecipientView r : m.recipients()) {
                h.el("li", r.address() + ": " + r.status().name().toLowerCase(Locale.ROOT));
            }
            h.close("ul").close("td");
            lastReply(h.open("td", "class", "reply"), m).close("td");
            if (canSetup) {
                h.open("td");
                actions(h, session, m, what -> AdminLayout.DELIVERY_LOG + "/" + m.id().value() + "/" + what
                        + filter.query(filter.page()));
                h.close("td");
            }
            h.close("tr");
        }
        h.close("tbody").close("table");
    }

    /** The message's state: {@code deferred} apart from queued, as the stores overview counts it. */
    static String state(MessageView m) {
        return m.deferred() ? MessageSearchParams.DEFERRED : m.status().name().toLowerCase(Locale.ROOT);
    }

    /** The state, and when a waiting message is tried next (a held one: when it expires). */
    static Html status(Html h, MessageView m) {
        h.el("span", state(m), "class", "message-state");
        Instant next = m.nextAttemptAt();
        if (next != null && m.status() == MessageStatus.QUEUED) {
            h.el("div", (m.deferred() ? "next attempt " : "due ") + TIME.format(next), "class", "next-attempt");
        } else if (next != null && m.status() == MessageStatus.HELD) {
            h.el("div", "until a server is set, at most until " + TIME.format(next), "class", "next-attempt");
        }
        return h;
    }

    /** The reply in plain words: the table's explanation and fix where it knows the reply. */
    static Html lastReply(Html h, MessageView m) {
        Optional<ReplyAdvice> advice = LastReplyAdvice.ofMessage(m);
        if (advice.isPresent()) {
            return advice(h, advice.get());
        }
        String words = LastReplyAdvice.inWords(m);
        return words == null ? h : h.text(words);
    }

    static Html advice(Html h, ReplyAdvice advice) {
        return h.open("p", "class", "advice").el("strong", "What this means:").text(" " + advice.cause() + " ")
                .el("strong", "What to do:").text(" " + advice.fix()).close("p");
    }

    /**
     * Retry and discard for setup users, each a form posting to {@code actionPath} of the action: retry unless
     * delivered, discard unless finished.
     */
    static void actions(Html h, AdminSessions.Session session, MessageView m, Function<String, String> actionPath) {
        if (m.status() != MessageStatus.DELIVERED) {
            action(h, session, m, actionPath, "retry", "Retry");
        }
        if (!m.status().isFinal()) {
            action(h, session, m, actionPath, "discard", "Discard");
        }
    }

    private static void action(Html h, AdminSessions.Session session, MessageView m, Function<String, String> actionPath,
                               String what, String label) {
        h.open("form", "method", "post", "action", actionPath.apply(what), "class", "inline");
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
