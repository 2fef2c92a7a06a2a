package dev.storerelay.adapter.web;

import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.ReplyAdvice;
import dev.storerelay.domain.model.UpstreamReply;
import dev.storerelay.domain.policy.ProviderReplies;

import java.util.Objects;
import java.util.Optional;

/** What a recipient's last upstream reply means and what to do, when it is a well-known one (issue #20). */
final class LastReplyAdvice {
    private LastReplyAdvice() {
    }

    /** The reply of a message that matters most: the first recipient's not delivered, else the first's; if any. */
    static Optional<String> mainReply(MessageView message) {
        return message.recipients().stream().filter(r -> r.status() != RecipientStatus.DELIVERED)
                .map(MessageView.RecipientView::lastReply).filter(Objects::nonNull).findFirst()
                .or(() -> message.recipients().stream().map(MessageView.RecipientView::lastReply).filter(Objects::nonNull)
                        .findFirst());
    }

    /** What the message's {@linkplain #mainReply main reply} means and what to do, where the table knows it. */
    static Optional<ReplyAdvice> ofMessage(MessageView message) {
        return mainReply(message).flatMap(LastReplyAdvice::of);
    }

    /**
     * The message's {@linkplain #mainReply main reply} in plain words, for one line of the delivery log: the table's
     * explanation where it knows the reply, else its class. A reply without a code is the relay's own words (no
     * connection, no server) and is shown as it is. {@code null} before any attempt.
     */
    static String inWords(MessageView message) {
        Optional<String> shown = mainReply(message);
        if (shown.isEmpty()) {
            return null;
        }
        UpstreamReply reply = UpstreamReply.fromShown(shown.get());
        Optional<ReplyAdvice> advice = ProviderReplies.explain(reply);
        if (advice.isPresent()) {
            return advice.get().cause();
        }
        if (reply.code() == UpstreamReply.NO_REPLY) {
            return reply.text();
        }
        if (reply.isPositive()) {
            return "The upstream server accepted it (" + reply.code() + ").";
        }
        return reply.isPermanentFailure()
                ? "The upstream server refused it for good (" + reply.code() + "); its words are on the message's page."
                : "The upstream server asked to try again later (" + reply.code() + "); its words are on the message's page.";
    }

    /** @param lastReply the reply as the delivery log keeps it, {@code null} before any attempt */
    static Optional<ReplyAdvice> of(String lastReply) {
        return lastReply == null ? Optional.empty() : ProviderReplies.explain(UpstreamReply.fromShown(lastReply));
    }
}
