package dev.storerelay.application.port.in;

import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.EffectiveSettings;

import java.util.Objects;
import java.util.Optional;

/**
 * A store's effective settings and, when it has a server, the concrete way it is reached.
 *
 * @param plan {@code null} when no unit on the path defines a server
 */
public record ResolvedSettings(EffectiveSettings settings, ConnectionPlan plan) {
    public ResolvedSettings {
        Objects.requireNonNull(settings, "settings");
    }

    public Optional<ConnectionPlan> connectionPlan() {
        return Optional.ofNullable(plan);
    }
}
