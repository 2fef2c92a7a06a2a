package dev.storerelay.application.service;

import dev.storerelay.application.port.in.ReleaseHeldMailUseCase;
import dev.storerelay.application.port.in.ResolveStoreSettingsUseCase;
import dev.storerelay.application.port.in.ResolvedSettings;
import dev.storerelay.application.port.out.DeliverySignalPort;
import dev.storerelay.application.port.out.HeldMailPort;

import java.time.Clock;
import java.util.Objects;

/**
 * Looks for held mail whose store has an effective server by now and releases it. Held mail is normally released
 * the moment settings change ({@link HeldMailRelease}); this catches what that misses, so no message waits for its
 * expiry although its store could deliver it.
 */
public final class HeldMailCheck implements ReleaseHeldMailUseCase {
    private final HeldMailPort queue;
    private final ResolveStoreSettingsUseCase resolver;
    private final DeliverySignalPort deliverySignal;
    private final Clock clock;

    public HeldMailCheck(HeldMailPort queue, ResolveStoreSettingsUseCase resolver, DeliverySignalPort deliverySignal,
                         Clock clock) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.deliverySignal = Objects.requireNonNull(deliverySignal, "deliverySignal");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public int releaseHeldMailWithServers() {
        boolean deliverable = queue.storesWithHeldMail().stream()
                .anyMatch(store -> resolver.resolve(store).flatMap(ResolvedSettings::connectionPlan).isPresent());
        if (!deliverable) {
            return 0;
        }
        // Every held message becomes due; those whose store still has no server are held again at once.
        int released = queue.releaseHeld(clock.instant());
        if (released > 0) {
            deliverySignal.messagesDue();
        }
        return released;
    }
}
