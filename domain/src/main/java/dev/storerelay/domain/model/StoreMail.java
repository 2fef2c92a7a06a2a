package dev.storerelay.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What the relay knows about one store's mail: how much waits and how, how much failed lately, and how the last
 * attempts ended.
 *
 * @param queued          waiting, never tried by an upstream
 * @param deferred        waiting for a retry after a temporary failure
 * @param held            waiting for an SMTP server
 * @param failed24h       messages that ended failed or expired in the last 24 hours
 * @param lastOutcome     {@code null} before the store's first attempt
 * @param lastOutcomeAt   when the last attempt was recorded
 * @param lastOutcomeSince when the store's attempts started to end as the last one did
 * @param failuresInARow  real attempts that delivered nothing since the last delivery
 * @param failingSince    the first of those; {@code null} when there is none
 * @param lastReply       the upstream's reply to the last real attempt, as the delivery log shows it; may be null
 */
public record StoreMail(int queued, int deferred, int held, int failed24h, StoreOutcome lastOutcome, Instant lastOutcomeAt,
                        Instant lastOutcomeSince, int failuresInARow, Instant failingSince, String lastReply) {
    public static final StoreMail NONE = new StoreMail(0, 0, 0, 0, null, null, null, 0, null, null);

    public StoreMail {
        if (queued < 0 || deferred < 0 || held < 0 || failed24h < 0 || failuresInARow < 0) {
            throw new IllegalArgumentException("counts are not negative");
        }
        if ((lastOutcome == null) != (lastOutcomeAt == null)) {
            throw new IllegalArgumentException("an outcome has a time");
        }
    }

    public StoreMail withFailed24h(int failed) {
        return new StoreMail(queued, deferred, held, failed, lastOutcome, lastOutcomeAt, lastOutcomeSince, failuresInARow,
                failingSince, lastReply);
    }

    public int waiting() {
        return queued + deferred + held;
    }

    public boolean lastEndedAs(StoreOutcome outcome) {
        return Objects.equals(lastOutcome, outcome);
    }
}
