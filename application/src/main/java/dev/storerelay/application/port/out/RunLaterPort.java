package dev.storerelay.application.port.out;

import java.time.Duration;

/**
 * Runs a task once after a delay, on a thread the implementation owns, starts and stops: the application starts no
 * threads of its own. A task handed over after the implementation stopped is dropped.
 */
@FunctionalInterface
public interface RunLaterPort {

    void runLater(Duration delay, Runnable task);
}
