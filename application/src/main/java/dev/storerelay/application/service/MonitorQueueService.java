package dev.storerelay.application.service;

import dev.storerelay.application.port.in.MonitorQueueUseCase;
import dev.storerelay.application.port.out.LoadQueueStatisticsPort;
import dev.storerelay.application.port.out.QueueStatistics;

import java.util.Objects;

/** The queue's depth and age for monitoring, straight from the queue. */
public final class MonitorQueueService implements MonitorQueueUseCase {
    private final LoadQueueStatisticsPort queue;

    public MonitorQueueService(LoadQueueStatisticsPort queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    @Override
    public QueueStatistics queueStatistics() {
        return queue.loadQueueStatistics();
    }
}
