package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.AttemptView;
import dev.storerelay.application.port.out.LoadMessageLogPort;
import dev.storerelay.application.port.out.LoadQueueStatisticsPort;
import dev.storerelay.application.port.out.MessageQuery;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.application.port.out.QueueStatistics;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.UnitId;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the delivery log and the queue's counts through Jdbi ({@link MessageViews}). */
final class JdbcMessageLogAdapter implements LoadMessageLogPort, LoadQueueStatisticsPort {
    private final Database database;

    JdbcMessageLogAdapter(Database database) {
        this.database = database;
    }

    @Override
    public List<MessageView> findMessages(MessageQuery query) {
        return Jdbc.withHandle(database, "read the delivery log", handle -> MessageViews.find(handle, query));
    }

    @Override
    public Map<MessageStatus, Long> countByStatus(UnitId store) {
        return Jdbc.withHandle(database, "count messages by status", handle -> MessageViews.countByStatus(handle, store));
    }

    @Override
    public QueueStatistics loadQueueStatistics() {
        return Jdbc.withHandle(database, "count queued and held messages", MessageViews::queueStatistics);
    }

    @Override
    public Optional<MessageView> findMessage(MessageId id) {
        return Jdbc.withHandle(database, "read message " + id, handle -> MessageViews.find(handle, id));
    }

    @Override
    public List<AttemptView> findAttempts(MessageId id) {
        return Jdbc.withHandle(database, "read the attempts of message " + id, handle -> handle
                .createQuery("SELECT at, counted, held, summary FROM delivery_attempts WHERE message_id = ? ORDER BY id")
                .bind(0, id.value())
                .map((rows, context) -> new AttemptView(SqlValues.getInstant(rows, "at"), rows.getBoolean("counted"),
                        rows.getBoolean("held"), rows.getString("summary")))
                .list());
    }
}
