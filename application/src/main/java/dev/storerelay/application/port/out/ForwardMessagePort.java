package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.UpstreamReply;

import java.util.List;
import java.util.Objects;

/** Sends a message to its store's upstream SMTP server. */
public interface ForwardMessagePort {

    /**
     * Delivers the message and reports, for every recipient, the reply that decides it: the RCPT reply when that
     * refused the recipient, else the reply to the end of DATA. When the session fails before that (connection,
     * timeout, TLS, STARTTLS not offered though required, AUTH not offered or refused), every recipient gets a
     * reply with code {@link UpstreamReply#NO_REPLY} and the reason, so it is retried. Never throws for
     * upstream problems. A message with a {@link OutgoingMessage#quota() quota} whose store has every permitted
     * connection busy is not sent at all ({@link ForwardResult#notSent}). Before it ends the data, it asks the
     * message's {@link OutgoingMessage#dataEnd() gate}; when that says no, it closes the connection without ending
     * the data, so the upstream discards the message, and every recipient gets {@link UpstreamReply#NO_REPLY}.
     */
    ForwardResult forward(OutgoingMessage message);

    /**
     * One reply per recipient, in the order the recipients were given; or none, and why the message was not even
     * tried (no attempt: the upstream was not asked).
     */
    record ForwardResult(List<RecipientReply> replies, String notSentBecause) {
        public ForwardResult {
            replies = List.copyOf(replies);
            if (notSentBecause != null && !replies.isEmpty()) {
                throw new IllegalArgumentException("a message not sent has no replies");
            }
        }

        public ForwardResult(List<RecipientReply> replies) {
            this(replies, null);
        }

        public static ForwardResult notSent(String why) {
            return new ForwardResult(List.of(), Objects.requireNonNull(why, "why"));
        }

        public boolean sent() {
            return notSentBecause == null;
        }
    }

    record RecipientReply(EmailAddress recipient, UpstreamReply reply) {
        public RecipientReply {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(reply, "reply");
        }
    }
}
