package dev.storerelay.application.port.out;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.UpstreamReply;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of one delivery attempt of a claimed message, to be recorded and the lease released.
 *
 * @param outcomes      one per recipient tried; a recipient still {@code PENDING} is retried
 * @param nextAttemptAt when to try the pending recipients again; {@code null} when none is pending
 * @param held          the store has no effective server: wait for settings rather than retry
 * @param counts        whether this was a real attempt (false for a hold, which reached no server, and for a
 *                      deferral to the message's send slot)
 * @param sentAs        the address the message went out as ({@code From:} after the sender rewrite); {@code null}
 *                      when no upstream was asked
 */
public record DeliveryAttempt(MessageId id, Instant at, List<RecipientOutcome> outcomes, Instant nextAttemptAt,
                              boolean held, boolean counts, String summary, EmailAddress sentAs) {
    /** An attempt that asked no upstream (a hold, a deferral), or whose sender does not matter. */
    public DeliveryAttempt(MessageId id, Instant at, List<RecipientOutcome> outcomes, Instant nextAttemptAt,
                           boolean held, boolean counts, String summary) {
        this(id, at, outcomes, nextAttemptAt, held, counts, summary, null);
    }

    public DeliveryAttempt {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        outcomes = List.copyOf(outcomes);
        Objects.requireNonNull(summary, "summary");
        boolean pending = outcomes.stream().anyMatch(o -> o.status() == RecipientStatus.PENDING);
        if (pending != (nextAttemptAt != null)) {
            throw new IllegalArgumentException("a next attempt time is needed exactly when recipients are pending");
        }
    }

    /**
     * The slot the message waits for under its store's rate limit, kept with it in the queue: the next attempt time
     * of a deferral (no server was asked, yet the message is neither held nor finished); {@code null} otherwise.
     */
    public Instant sendSlot() {
        return !counts && !held ? nextAttemptAt : null;
    }

    /** Whether a recipient failed or expired: its bounce may go out only once the attempt is recorded. */
    public boolean hasFailedRecipient() {
        return outcomes.stream().anyMatch(o -> o.status() == RecipientStatus.FAILED || o.status() == RecipientStatus.EXPIRED);
    }

    /** What happened to one recipient in this attempt. */
    public record RecipientOutcome(EmailAddress recipient, RecipientStatus status, UpstreamReply reply) {
        public RecipientOutcome {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(reply, "reply");
        }
    }
}
