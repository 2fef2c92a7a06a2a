package dev.storerelay.delivery;

import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliveryAttempt;

import java.util.concurrent.CompletionStage;

/** Records a delivered outcome without the delivery thread waiting for the commit. */
public interface OutcomeRecording {

    /**
     * Records the attempt under {@code worker}'s lease later; the result comes when it is recorded (true), found the
     * lease lost (false), or could not be recorded (exceptionally: the message stays leased until the lease lapses).
     */
    CompletionStage<Boolean> recordLater(ClaimedMessage message, DeliveryAttempt attempt, String worker);
}
