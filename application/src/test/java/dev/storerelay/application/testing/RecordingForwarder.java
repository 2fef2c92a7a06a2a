package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.ForwardMessagePort;
import dev.storerelay.application.port.out.OutgoingMessage;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.UpstreamReply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Records what would go upstream and answers each recipient with a scripted reply (250 unless told otherwise). */
public final class RecordingForwarder implements ForwardMessagePort {
    public static final UpstreamReply OK = new UpstreamReply(250, "2.0.0 Ok: queued");
    public final List<OutgoingMessage> sent = new ArrayList<>();
    private final Map<EmailAddress, UpstreamReply> replies = new HashMap<>();
    private UpstreamReply defaultReply = OK;
    private String notSentBecause;

    public RecordingForwarder reply(String recipient, UpstreamReply reply) {
        replies.put(new EmailAddress(recipient), reply);
        return this;
    }

    public RecordingForwarder replyToAll(UpstreamReply reply) {
        replies.clear();
        defaultReply = reply;
        return this;
    }

    /** From now on sends nothing: the store has no free connection. */
    public RecordingForwarder notSending(String why) {
        notSentBecause = why;
        return this;
    }

    @Override
    public ForwardResult forward(OutgoingMessage message) {
        if (notSentBecause != null) {
            return ForwardResult.notSent(notSentBecause);
        }
        if (!message.dataEnd().mayEnd()) {
            return new ForwardResult(message.recipients().stream()
                    .map(r -> new RecipientReply(r, UpstreamReply.noReply("abandoned before the end of the data")))
                    .toList());
        }
        sent.add(message);
        return new ForwardResult(message.recipients().stream()
                .map(r -> new RecipientReply(r, replies.getOrDefault(r, defaultReply)))
                .toList());
    }

    public OutgoingMessage last() {
        return sent.get(sent.size() - 1);
    }
}
