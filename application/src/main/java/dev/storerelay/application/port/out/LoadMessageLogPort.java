package dev.storerelay.application.port.out;

import dev.storerelay.application.port.MessageId;

import java.util.List;
import java.util.Optional;

/** Reads the queue and delivery log for the admin. */
public interface LoadMessageLogPort {

    /** The messages matching the query, newest first. */
    List<MessageView> findMessages(MessageQuery query);

    Optional<MessageView> findMessage(MessageId id);
}
