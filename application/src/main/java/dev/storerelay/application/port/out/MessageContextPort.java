package dev.storerelay.application.port.out;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.domain.model.UnitId;

import java.util.function.Supplier;

/**
 * Tells the adapters which message the current thread is working on, so that whatever they report meanwhile (their
 * log lines) names it. Scopes nest: closing one gives the thread back the message it worked on before, if any.
 */
public interface MessageContextPort {
    /** Names nothing; for callers and tests without a log. */
    MessageContextPort NONE = (id, store, messageIdHeader) -> () -> { };

    /**
     * From now until the scope is closed, on this thread only, the work concerns this message.
     *
     * @param messageIdHeader the message's {@code Message-ID} as sent, {@code null} if it had none
     */
    Scope enter(MessageId id, UnitId store, String messageIdHeader);

    /**
     * What the calling thread names now, to be named again on another thread: a writer that commits other threads'
     * items names each item's message around the lines about it. Names nothing by default.
     */
    default Supplier<Scope> current() {
        return () -> () -> { };
    }

    /** The time a thread works on one message; closed on that thread, in a {@code finally}. */
    @FunctionalInterface
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
