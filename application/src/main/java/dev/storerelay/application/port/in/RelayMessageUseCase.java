package dev.storerelay.application.port.in;

/** Accept a submitted message: decide its store and queue it durably. */
public interface RelayMessageUseCase {

    /**
     * Decides the store (README, *Pointing a legacy system at it*) and, unless refused, commits the message to the
     * queue before returning. Throws if the queue cannot store it; the listener then answers with a temporary failure.
     */
    RelayResult relay(RelayMessageCommand command);
}
