package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.LoadMessageLogPort;

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
