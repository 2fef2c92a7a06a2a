package dev.storerelay.application.port.out;

/** Reads how much mail waits in the queue, for monitoring. */
public interface LoadQueueStatisticsPort {

    /**
     * The counts of queued and held messages and the receipt time of the oldest queued one, read together (one query
     * in the database); cheap enough to ask every few seconds, however long the retained delivery log is.
     */
    QueueStatistics loadQueueStatistics();
}
