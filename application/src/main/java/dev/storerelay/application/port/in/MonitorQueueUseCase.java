package dev.storerelay.application.port.in;

import dev.storerelay.application.port.out.QueueStatistics;

/** The queue as monitoring sees it (README, *Metrics*): how much mail waits, and for how long. */
public interface MonitorQueueUseCase {

    /** Read now; blocks on the database, so a caller on a request thread should cache it. */
    QueueStatistics queueStatistics();
}
