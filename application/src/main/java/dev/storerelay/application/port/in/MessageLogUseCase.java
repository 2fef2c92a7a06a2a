package dev.storerelay.application.port.in;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.out.AttemptView;
import dev.storerelay.application.port.out.MessageQuery;
import dev.storerelay.application.port.out.MessageView;

import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.UnitId;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The queue and delivery log as the admin sees it. */
public interface MessageLogUseCase {

    /**
     * The page of the log the query finds, newest first; a unit filter takes in the messages of every unit below
     * it. Empty when the query names a unit that does not exist (an unknown unit is an error, not an empty log).
     */
    Optional<List<MessageView>> messages(MessageQuery query);

    Optional<MessageView> message(MessageId id);

    /**
     * How many messages of one store ({@code null}: of all) are in each status, every status present (zero when
     * none): the queue depth at a glance, without paging through the log.
     */
    Map<MessageStatus, Long> counts(UnitId store);

    /** The attempt history of a message, oldest first (the backoff shows in the gaps); empty if it does not exist. */
    Optional<List<AttemptView>> attempts(MessageId id);

    /** Tries a failed, expired, held or queued message again now. {@code NotFound}, or {@code Conflict} if delivered. */
    Outcome retry(MessageId id);

    /**
     * Gives up on a message: every recipient not yet delivered is marked failed ("discarded by an admin") and it is
     * never tried again. {@code NotFound}, or {@code Conflict} when nothing is left to discard (every recipient has a
     * final status) or a delivery attempt is under way right now (its result is what counts; try again after it).
     */
    Outcome discard(MessageId id);
}
