package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.MessageContextPort;

/** The queue's adapters on one database, as the persistence module builds them. */
final class TestQueues {
    private TestQueues() {
    }

    static JdbcMessageQueue on(Database database) {
        return new JdbcMessageQueue(new JdbcEnqueueMessageAdapter(database, MessageContextPort.NONE),
                new JdbcClaimDueMessagesAdapter(database), new JdbcRecordAttemptAdapter(database, MessageContextPort.NONE),
                new JdbcHeldMailAdapter(database), new JdbcMessageActionsAdapter(database),
                new FinishedMessagePurge(database));
    }
}
