package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.LoadMessageLogPort;
import dev.storerelay.application.port.out.MessageQueuePort;

class InMemoryMessageQueueTest extends MessageQueuePortContract {
    private final InMemoryMessageQueue queue = new InMemoryMessageQueue();

    @Override
    protected MessageQueuePort queue() {
        return queue;
    }

    @Override
    protected LoadMessageLogPort log() {
        return queue;
    }
}
