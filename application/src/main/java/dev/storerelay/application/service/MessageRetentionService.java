package dev.storerelay.application.service;

import dev.storerelay.application.port.in.PurgeOldMessagesUseCase;
import dev.storerelay.application.port.out.PurgeMessagesPort;
import dev.storerelay.application.port.out.RefusedSubmissionsPort;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Deletes finished messages, with their content and attempt history, once they are older than the retention: a
 * delivered, failed or expired message stays visible in the delivery log (and a failed one may be retried) for that
 * long. Mail still pending is never deleted. The listener's refusals are kept as long as finished mail.
 */
public final class MessageRetentionService implements PurgeOldMessagesUseCase {
    private final PurgeMessagesPort queue;
    private final RefusedSubmissionsPort refusals;
    private final Clock clock;
    private final Duration retention;

    public MessageRetentionService(PurgeMessagesPort queue, RefusedSubmissionsPort refusals, Clock clock, Duration retention) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.refusals = Objects.requireNonNull(refusals, "refusals");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("the retention must be positive: " + retention);
        }
    }

    @Override
    public int purgeOldMessages() {
        return queue.deleteFinishedBefore(clock.instant().minus(retention));
    }

    @Override
    public int purgeOldRefusals() {
        return refusals.deleteBefore(clock.instant().minus(retention));
    }
}
