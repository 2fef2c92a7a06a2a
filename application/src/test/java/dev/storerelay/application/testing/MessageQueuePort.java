package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.ClaimDueMessagesPort;
import dev.storerelay.application.port.out.EnqueueMessagePort;
import dev.storerelay.application.port.out.HeldMailPort;
import dev.storerelay.application.port.out.MessageActionsPort;
import dev.storerelay.application.port.out.PurgeMessagesPort;
import dev.storerelay.application.port.out.RecordAttemptPort;
import dev.storerelay.application.port.out.RetryDeferredMailPort;

/**
 * The durable queue as a whole: what its in-memory fake and the database adapters together implement, for tests
 * that exercise it as one. Production code depends only on the port named for what it does.
 */
public interface MessageQueuePort extends EnqueueMessagePort, ClaimDueMessagesPort, RecordAttemptPort, HeldMailPort,
        RetryDeferredMailPort, MessageActionsPort, PurgeMessagesPort {
}
