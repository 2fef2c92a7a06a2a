package dev.storerelay.adapter.relay;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.MessageContextPort;
import dev.storerelay.domain.model.UnitId;
import org.slf4j.MDC;

import java.util.function.Supplier;

/**
 * Names the message a thread works on in SLF4J's MDC, so every line logged meanwhile carries its queue id, store id
 * and Message-ID ({@code STORE_RELAY_LOG_FORMAT=json} writes them as fields, the text format shows the queue id).
 * Three puts on entering and three on leaving; what the thread named before comes back when the scope closes.
 */
public final class MessageLogContext implements MessageContextPort {
    /** The MDC's keys, the JSON log's field names. */
    public static final String QUEUE_ID = "queueId";
    public static final String STORE_ID = "storeId";
    public static final String MESSAGE_ID = "messageId";
    /** The address of the SMTP client a listener line concerns. */
    public static final String CLIENT = "client";

    @Override
    public Scope enter(MessageId id, UnitId store, String messageIdHeader) {
        return named(id.toString(), store == null ? null : store.value(), messageIdHeader);
    }

    @Override
    public Supplier<Scope> current() {
        String queueId = MDC.get(QUEUE_ID);
        String storeId = MDC.get(STORE_ID);
        String messageId = MDC.get(MESSAGE_ID);
        return () -> named(queueId, storeId, messageId);
    }

    /** Names the message by what is known of it; a {@code null} leaves that key out. */
    public static Scope named(String queueId, String storeId, String messageIdHeader) {
        String queueIdBefore = MDC.get(QUEUE_ID);
        String storeIdBefore = MDC.get(STORE_ID);
        String messageIdBefore = MDC.get(MESSAGE_ID);
        set(QUEUE_ID, queueId);
        set(STORE_ID, storeId);
        set(MESSAGE_ID, messageIdHeader);
        return () -> {
            set(QUEUE_ID, queueIdBefore);
            set(STORE_ID, storeIdBefore);
            set(MESSAGE_ID, messageIdBefore);
        };
    }

    /** Names the client a listener thread works for; closing the scope gives back the one named before. */
    public static Scope client(String address) {
        String before = MDC.get(CLIENT);
        set(CLIENT, address);
        return () -> set(CLIENT, before);
    }

    private static void set(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
