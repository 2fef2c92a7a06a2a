package dev.storerelay.application.port.in;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.out.AttemptView;
import dev.storerelay.application.port.out.MessageQuery;
import dev.storerelay.application.port.out.MessageView;

import java.util.List;
import java.util.Optional;

/** The queue and delivery log as the admin sees it. */
public interface MessageLogUseCase {

    List<MessageView> messages(MessageQuery query);

    Optional<MessageView> message(MessageId id);

    /** The attempt history of a message, oldest first (the backoff shows in the gaps); empty if it does not exist. */
    Optional<List<AttemptView>> attempts(MessageId id);

    /** Tries a failed, expired, held or queued message again now. {@code NotFound}, or {@code Conflict} if delivered. */
    Outcome retry(MessageId id);
}
