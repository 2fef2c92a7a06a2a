package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryAttempt.RecipientOutcome;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.RecipientStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The statements that write what one delivery attempt did to its message and recipients. */
final class AttemptUpdates {
    private AttemptUpdates() {
    }

    /** A recipient row as it is before the attempt is recorded. */
    record StoredRecipient(int seq, String address, RecipientStatus status) {
    }

    /**
     * Adds the updates of the recipients the attempt settles: only pending ones change, so a recipient already
     * delivered or failed keeps its outcome. Returns every recipient's status after the attempt.
     */
    static List<RecipientStatus> updateRecipients(DeliveryAttempt attempt, List<StoredRecipient> stored,
                                                  StringJoiner changes, List<Object> parameters) {
        Map<String, RecipientOutcome> outcomes = new HashMap<>();
        for (RecipientOutcome outcome : attempt.outcomes()) {
            outcomes.putIfAbsent(outcome.recipient().value(), outcome);
        }
        List<RecipientStatus> statuses = new ArrayList<>(stored.size());
        for (StoredRecipient recipient : stored) {
            RecipientOutcome outcome = outcomes.get(recipient.address());
            if (recipient.status() != RecipientStatus.PENDING || outcome == null) {
                statuses.add(recipient.status());
                continue;
            }
            statuses.add(outcome.status());
            changes.add("UPDATE message_recipients SET status = ?, last_reply = ?, updated_at = ? WHERE message_id = ? AND seq = ?");
            parameters.addAll(Arrays.asList(outcome.status().name(), outcome.reply().toString(), attempt.at(),
                    attempt.id().value(), recipient.seq()));
        }
        return statuses;
    }

    static void updateMessage(DeliveryAttempt attempt, MessageStatus status, StringJoiner changes,
                              List<Object> parameters) {
        Instant next = status == MessageStatus.QUEUED || status == MessageStatus.HELD
                // pending recipients the attempt did not mention must not be stranded without a due time
                ? (attempt.nextAttemptAt() != null ? attempt.nextAttemptAt() : attempt.at())
                : null;
        // sent_as keeps the address of the last attempt that asked an upstream: a hold or deferral sends nothing.
        changes.add("UPDATE messages SET attempts = attempts + ?, last_attempt_at = ?, last_error = ?, next_attempt_at = ?, "
                + "held = ?, status = ?, send_slot_at = ?, sent_as = COALESCE(?, sent_as), lease_owner = NULL, "
                + "lease_until = NULL WHERE id = ?");
        // A delivered message has no error; its summary stays in the attempt history.
        parameters.addAll(Arrays.asList(attempt.counts() ? 1 : 0, attempt.at(),
                status == MessageStatus.DELIVERED ? null : attempt.summary(), next, status == MessageStatus.HELD,
                status.name(), attempt.sendSlot(), attempt.sentAs() == null ? null : attempt.sentAs().value(),
                attempt.id().value()));
    }
}
