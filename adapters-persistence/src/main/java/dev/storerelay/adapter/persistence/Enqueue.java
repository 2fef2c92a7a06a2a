package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.MessageContextPort;
import dev.storerelay.application.port.out.NewMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A message to queue, leased to {@code leaseOwner} until {@code leaseUntil} when both are given. Its
 * {@code idKnown} is taken when told, so a batch written again (alone, after a failure) does not tell it twice.
 */
record Enqueue(NewMessage message, String leaseOwner, Instant leaseUntil,
               AtomicReference<Consumer<MessageId>> idKnown, byte[] token, AtomicBoolean writtenBefore) {
    private static final int TOKEN_BYTES = 16;
    private static final Logger LOG = LoggerFactory.getLogger(Enqueue.class);

    Enqueue(NewMessage message, String leaseOwner, Instant leaseUntil, AtomicReference<Consumer<MessageId>> idKnown) {
        this(message, leaseOwner, leaseUntil, idKnown, newToken(), new AtomicBoolean());
    }

    /** Random, not secret: it only tells this submission from others. */
    private static byte[] newToken() {
        return ByteBuffer.allocate(TOKEN_BYTES).putLong(ThreadLocalRandom.current().nextLong())
                .putLong(ThreadLocalRandom.current().nextLong()).array();
    }

    void tell(long id, MessageContextPort context) {
        Consumer<MessageId> told = idKnown.getAndSet(null);
        if (told != null) {
            try {
                told.accept(new MessageId(id));
            } catch (RuntimeException e) {
                // The caller's business; the insert goes on and the caller still gets the committed id. Named
                // as its own message: the thread may be writing another session's group.
                MessageContextPort.Scope scope = context.enter(new MessageId(id), message.store(),
                        message.messageIdHeader());
                try {
                    LOG.warn("could not pass on the id of message {} before its commit", id, e);
                } finally {
                    scope.close();
                }
            }
        }
    }
}
