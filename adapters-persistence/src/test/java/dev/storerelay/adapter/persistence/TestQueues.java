package dev.storerelay.adapter.persistence;

/** The queue's adapters on one database, as the persistence module builds them. */
final class TestQueues {
    private TestQueues() {
    }

    static JdbcMessageQueue on(Database database) {
        return new JdbcMessageQueue(new JdbcEnqueueMessageAdapter(database), new JdbcClaimDueMessagesAdapter(database),
                new JdbcRecordAttemptAdapter(database), new JdbcHeldMailAdapter(database),
                new JdbcMessageActionsAdapter(database), new FinishedMessagePurge(database));
    }
}
