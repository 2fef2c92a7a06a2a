package dev.storerelay.adapter.web;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.AttemptView;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.domain.model.ReplyAdvice;
import gg.jte.Content;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One message of the delivery log ({@code /admin/delivery-log/{id}}): what it is, which store the routing chose and
 * why, every recipient with its state and the upstream's raw reply, every attempt with its reply, the explanation of
 * the table of known replies where it has one, and retry / discard. Laid out by {@code message.jte}.
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

    /** A recipient as the table shows it; {@code since} and {@code advice} may be {@code null}. */
    record RecipientRow(String address, String status, Instant since, String lastReply, ReplyAdvice advice) {
        static RecipientRow of(MessageView.RecipientView r) {
            return new RecipientRow(r.address(), r.status().name().toLowerCase(Locale.ROOT), r.updatedAt(),
                    r.lastReply() == null ? "" : r.lastReply(), LastReplyAdvice.of(r.lastReply()).orElse(null));
        }
    }

    /** An attempt as the table shows it; {@code advice} may be {@code null}. */
    record AttemptRow(Instant at, String kind, String summary, ReplyAdvice advice) {
        static AttemptRow of(AttemptView a) {
            return new AttemptRow(a.at(), a.held() ? "held" : a.counted() ? "attempt" : "waited", a.summary(),
                    reply(a.summary()).flatMap(LastReplyAdvice::of).orElse(null));
        }
    }

    /** What {@code message.jte} shows. */
    record View(long id, DeliveryLogPage.Status status, Instant receivedAt, String subject, String messageId,
                String sender, String sentAs, long size, int attempts, Instant lastAttemptAt,
                List<DeliveryLogPage.Action> actions, String store, String routingRule, String routingExplanation,
                List<RecipientRow> recipients, List<AttemptRow> attemptRows) {
        static View of(MessageView m, List<AttemptView> attempts) {
            return new View(m.id().value(), DeliveryLogPage.Status.of(m), m.receivedAt(),
                    m.subject() == null ? "(no subject)" : m.subject(),
                    m.messageIdHeader() == null ? "(none)" : m.messageIdHeader(),
                    m.envelopeSender().isEmpty() ? "<>" : m.envelopeSender(),
                    m.sentAs() == null ? "(not sent yet)" : m.sentAs(), m.size(), m.attempts(), m.lastAttemptAt(),
                    DeliveryLogPage.actions(m, what -> path(m.id()) + "/" + what + "?from=message"),
                    m.store().value(), m.routingReason().name(), m.routingExplanation(),
                    m.recipients().stream().map(RecipientRow::of).toList(),
                    attempts.stream().map(AttemptRow::of).toList());
        }
    }

    static Content content(AdminSessions.Session session, MessageView m, List<AttemptView> attempts, String notice,
                           boolean noticeIsError) {
        return Templates.content("message.jte", Templates.params("session", session,
                "view", View.of(m, attempts), "notice", notice, "noticeIsError", noticeIsError));
    }

    /** The reply an attempt's summary quotes; a summary without a recipient's reply is the relay's reason. */
    static Optional<String> reply(String summary) {
        Matcher matcher = SUMMARY_REPLY.matcher(summary);
        if (matcher.find()) {
            return Optional.of(matcher.group(1));
        }
        return summary.contains("recipient(s) delivered") ? Optional.empty() : Optional.of(summary);
    }
}
