package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.MessageContextPort;
import org.slf4j.MDC;

/**
 * A message as the log names it (the MDC's {@code queueId}, {@code storeId} and {@code messageId}, the keys the
 * relay's delivery threads use). A writer that commits other threads' items names each item's message around the
 * lines about it, and gives the thread back what it named before.
 */
record LoggedMessage(String queueId, String storeId, String messageId) {
    static final String QUEUE_ID = "queueId";
    static final String STORE_ID = "storeId";
    static final String MESSAGE_ID = "messageId";

    /** The message as the calling thread's MDC names it, if that is {@code id}; else by its id alone. */
    static LoggedMessage asNamedNow(MessageId id) {
        String queueId = id.toString();
        return queueId.equals(MDC.get(QUEUE_ID))
                ? new LoggedMessage(queueId, MDC.get(STORE_ID), MDC.get(MESSAGE_ID))
                : new LoggedMessage(queueId, null, null);
    }

    /** Names this message on the calling thread until the scope is closed. */
    MessageContextPort.Scope enter() {
        String queueIdBefore = MDC.get(QUEUE_ID);
        String storeIdBefore = MDC.get(STORE_ID);
        String messageIdBefore = MDC.get(MESSAGE_ID);
        set(QUEUE_ID, queueId);
        set(STORE_ID, storeId);
        set(MESSAGE_ID, messageId);
        return () -> {
            set(QUEUE_ID, queueIdBefore);
            set(STORE_ID, storeIdBefore);
            set(MESSAGE_ID, messageIdBefore);
        };
    }

    private static void set(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
