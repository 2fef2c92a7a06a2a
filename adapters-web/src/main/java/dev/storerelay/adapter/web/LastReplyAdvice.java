package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.ReplyAdvice;
import dev.storerelay.domain.model.UpstreamReply;
import dev.storerelay.domain.policy.ProviderReplies;

import java.util.Optional;

/** What a recipient's last upstream reply means and what to do, when it is a well-known one (issue #20). */
final class LastReplyAdvice {
    private LastReplyAdvice() {
    }

    /** @param lastReply the reply as the delivery log keeps it, {@code null} before any attempt */
    static Optional<ReplyAdvice> of(String lastReply) {
        return lastReply == null ? Optional.empty() : ProviderReplies.explain(UpstreamReply.fromShown(lastReply));
    }
}
