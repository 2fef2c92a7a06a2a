package dev.storerelay.application.port.out;

import dev.storerelay.application.port.MessageId;

/** Where an accepted message goes: into the durable queue, and on its way to delivery. */
public interface SubmitMessagePort {

    /** Queues the message and lets delivery know; returns once it is committed, with its id. */
    MessageId submit(NewMessage message);
}
