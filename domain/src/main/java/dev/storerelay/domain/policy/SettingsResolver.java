package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.EffectiveSettings;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.Provenance;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.Sourced;
import dev.storerelay.domain.model.UnitWithSettings;

import java.util.List;
import java.util.Objects;

/**
 * Inheritance (README, *Pointing a legacy system at it*): the connection block comes whole from the nearest unit on the
 * path store → root that defines a server address; the outgoing email address comes on its own from the nearest unit
 * that defines one, else the system default sender.
 */
public final class SettingsResolver {
    private SettingsResolver() {
    }

    /**
     * @param storeToRoot the store first, then its parent, up to the root; must not be empty
     */
    public static EffectiveSettings resolve(List<UnitWithSettings> storeToRoot, EmailAddress systemDefaultSender) {
        Objects.requireNonNull(systemDefaultSender, "systemDefaultSender");
        if (storeToRoot.isEmpty()) {
            throw new IllegalArgumentException("the path from the store to the root is empty");
        }
        Sourced<SmtpConnection> connection = null;
        Sourced<EmailAddress> sender = null;
        for (UnitWithSettings step : storeToRoot) {
            Provenance here = new Provenance.FromUnit(step.unit().id(), step.unit().name());
            if (connection == null && step.settings().connection() != null) {
                connection = new Sourced<>(step.settings().connection(), here);
            }
            if (sender == null && step.settings().outgoingEmailAddress() != null) {
                sender = new Sourced<>(step.settings().outgoingEmailAddress(), here);
            }
        }
        if (sender == null) {
            sender = new Sourced<>(systemDefaultSender, new Provenance.SystemDefault());
        }
        return new EffectiveSettings(storeToRoot.get(0).unit().id(), connection, sender);
    }
}
