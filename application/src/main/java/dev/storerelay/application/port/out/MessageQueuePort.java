package dev.storerelay.application.port.out;

/**
 * The durable queue as a whole: what its adapter (and a fake standing for it) implements. Each caller depends only on
 * the port named for what it does.
 */
public interface MessageQueuePort extends EnqueueMessagePort, ClaimDueMessagesPort, RecordAttemptPort, HeldMailPort,
        RetryDeferredMailPort, MessageActionsPort, PurgeMessagesPort {
}
