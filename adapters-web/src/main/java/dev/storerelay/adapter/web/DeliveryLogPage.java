package dev.storerelay.adapter.web;

import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.ReplyAdvice;
import gg.jte.Content;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The delivery log of one unit's subtree (or all): the search of the README's *Message search*, one row per message with its subject,
 * Message-ID, the address it went out as and its last reply in plain words, paging, retry and discard; each row links
 * to the message's page ({@link MessagePage}). Laid out by {@code deliveryLog.jte}.
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
            List<String> names = new ArrayList<>(List.of("unit", "status"));
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

        String href(int onPage) {
            return AdminLayout.DELIVERY_LOG + query(onPage);
        }
    }

    /** A text field of the search form. */
    record TextField(String name, String label, String placeholder) {
    }

    /** A message's state and, while it waits, when it is tried next ({@code messageStatus.jte}). */
    record Status(String state, String nextAttempt) {
        static Status of(MessageView m) {
            Instant next = m.nextAttemptAt();
            String nextAttempt = null;
            if (next != null && m.status() == MessageStatus.QUEUED) {
                nextAttempt = (m.deferred() ? "next attempt " : "due ") + TIME.format(next);
            } else if (next != null && m.status() == MessageStatus.HELD) {
                nextAttempt = "until a server is set, at most until " + TIME.format(next);
            }
            return new Status(DeliveryLogPage.state(m), nextAttempt);
        }
    }

    /** A retry or discard form ({@code messageActions.jte}); {@code question} {@code null} for a plain button. */
    record Action(String path, String label, String ariaLabel, String question) {
    }

    /** One message as the table shows it; {@code advice} or else {@code replyWords} explains the last reply. */
    record Row(long id, String path, Instant receivedAt, String unit, Status status, String subject, String messageId,
               String sender, String sentAs, List<String> recipients, ReplyAdvice advice, String replyWords,
               List<Action> actions) {
        static Row of(MessageView m, Filter filter) {
            Optional<ReplyAdvice> advice = LastReplyAdvice.ofMessage(m);
            return new Row(m.id().value(), MessagePage.path(m.id()), m.receivedAt(), m.store().value(), Status.of(m),
                    m.subject() == null ? "(no subject)" : m.subject(),
                    m.messageIdHeader() == null ? "" : m.messageIdHeader(),
                    m.envelopeSender().isEmpty() ? "<>" : m.envelopeSender(),
                    m.sentAs() == null ? "" : "sent as " + m.sentAs(),
                    m.recipients().stream().map(r -> r.address() + ": " + r.status().name().toLowerCase(Locale.ROOT))
                            .toList(),
                    advice.orElse(null), advice.isPresent() ? null : LastReplyAdvice.inWords(m),
                    DeliveryLogPage.actions(m, what -> AdminLayout.DELIVERY_LOG + "/" + m.id().value() + "/" + what
                            + filter.query(filter.page())));
        }
    }

    /** What {@code deliveryLog.jte} shows besides the filter. */
    record View(List<String> statuses, List<TextField> textFields, List<Row> rows, boolean hasNext) {
    }

    static Content content(AdminSessions.Session session, Filter filter, List<MessageView> messages, boolean hasNext,
                           String notice, boolean noticeIsError) {
        List<String> statuses = new ArrayList<>();
        for (MessageStatus status : MessageStatus.values()) {
            statuses.add(status.name().toLowerCase(Locale.ROOT));
        }
        statuses.add(1, MessageSearchParams.DEFERRED);
        List<TextField> textFields = TEXT_FIELDS.entrySet().stream()
                .map(field -> new TextField(field.getKey(), field.getValue(), placeholder(field.getKey()))).toList();
        View view = new View(statuses, textFields, messages.stream().map(m -> Row.of(m, filter)).toList(), hasNext);
        return Templates.content("deliveryLog.jte", Templates.params("session", session, "filter", filter,
                "view", view, "notice", notice, "noticeIsError", noticeIsError));
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

    /** The message's state: {@code deferred} apart from queued, as the stores overview counts it. */
    static String state(MessageView m) {
        return m.deferred() ? MessageSearchParams.DEFERRED : m.status().name().toLowerCase(Locale.ROOT);
    }

    /**
     * Retry and discard for setup users, each a form posting to {@code actionPath} of the action: retry unless
     * delivered, discard unless finished.
     */
    static List<Action> actions(MessageView m, Function<String, String> actionPath) {
        List<Action> actions = new ArrayList<>();
        long id = m.id().value();
        if (m.status() != MessageStatus.DELIVERED) {
            actions.add(new Action(actionPath.apply("retry"), "Retry", "Retry message " + id, null));
        }
        if (!m.status().isFinal()) {
            actions.add(new Action(actionPath.apply("discard"), "Discard", "Discard message " + id,
                    "Discard message " + id + "? Its undelivered recipients fail and it is never tried again."));
        }
        return actions;
    }
}
