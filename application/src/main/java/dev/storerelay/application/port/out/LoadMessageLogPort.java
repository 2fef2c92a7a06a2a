package dev.storerelay.application.port.out;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.UnitId;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the queue and delivery log for the admin. */
public interface LoadMessageLogPort {

    /** The messages matching the query, newest first. */
    List<MessageView> findMessages(MessageQuery query);

    Optional<MessageView> findMessage(MessageId id);

    /** The message's delivery attempts and holds, oldest first; empty when there were none or it does not exist. */
    List<AttemptView> findAttempts(MessageId id);

    /** How many messages are in each status, of one store or ({@code null}) of all; statuses without any are absent. */
    Map<MessageStatus, Long> countByStatus(UnitId store);
}
