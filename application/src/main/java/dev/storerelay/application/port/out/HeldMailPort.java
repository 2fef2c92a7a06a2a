package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.UnitId;

import java.time.Instant;
import java.util.Set;

/** The messages held because their store has no SMTP server. */
public interface HeldMailPort {

    /** Makes every held message due now (settings were changed; they may be deliverable). Returns how many. */
    int releaseHeld(Instant now);

    /** The stores that have held messages. */
    Set<UnitId> storesWithHeldMail();
}
