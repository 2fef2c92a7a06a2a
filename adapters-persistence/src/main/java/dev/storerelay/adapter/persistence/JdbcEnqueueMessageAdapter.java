package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.MessageContextPort;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.EnqueueMessagePort;
import dev.storerelay.application.port.out.NewMessage;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Queues messages in tables {@code messages}, {@code message_recipients} and {@code message_chunks}; the inserts are
 * the relay's hot path and stay in {@link MessageInserts}.
 */
final class JdbcEnqueueMessageAdapter implements EnqueueMessagePort {
    private final MessageInserts inserts;

    JdbcEnqueueMessageAdapter(Database database, MessageContextPort context) {
        this.inserts = new MessageInserts(database, context, MessageInserts.SqlHook.NONE);
    }

    @Override
    public MessageId enqueue(NewMessage message) {
        return inserts.insert(Objects.requireNonNull(message, "message"), null, null, id -> { });
    }

    @Override
    public MessageId enqueueClaimed(NewMessage message, String worker, Instant leaseUntil) {
        return enqueueClaimed(message, worker, leaseUntil, id -> { });
    }

    @Override
    public MessageId enqueueClaimed(NewMessage message, String worker, Instant leaseUntil, Consumer<MessageId> idKnown) {
        return inserts.insert(Objects.requireNonNull(message, "message"), Objects.requireNonNull(worker, "worker"),
                Objects.requireNonNull(leaseUntil, "leaseUntil"), Objects.requireNonNull(idKnown, "idKnown"));
    }
}
