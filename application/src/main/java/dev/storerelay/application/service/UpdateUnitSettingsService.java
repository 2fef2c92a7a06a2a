package dev.storerelay.application.service;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.UpdateUnitSettingsUseCase;
import dev.storerelay.application.port.out.DeliverySignalPort;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.MessageQueuePort;
import dev.storerelay.application.port.out.UnitSettingsPort;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.SmtpSettingsForm;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import dev.storerelay.domain.model.Validated;
import dev.storerelay.domain.policy.SettingsChanges;
import dev.storerelay.domain.policy.SettingsValidator;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

public final class UpdateUnitSettingsService implements UpdateUnitSettingsUseCase {
    private final LoadOrgTreePort loadTree;
    private final UnitSettingsPort settings;
    private final HeldMailRelease heldMail;
    private final MessageQueuePort queue;
    private final DeliverySignalPort deliverySignal;
    private final Clock clock;
    private final AuditTrail audit;

    public UpdateUnitSettingsService(LoadOrgTreePort loadTree, UnitSettingsPort settings, MessageQueuePort queue,
                                     DeliverySignalPort deliverySignal, Clock clock) {
        this(loadTree, settings, queue, deliverySignal, clock, AuditTrail.NONE);
    }

    public UpdateUnitSettingsService(LoadOrgTreePort loadTree, UnitSettingsPort settings, MessageQueuePort queue,
                                     DeliverySignalPort deliverySignal, Clock clock, AuditTrail audit) {
        this.loadTree = Objects.requireNonNull(loadTree, "loadTree");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.heldMail = new HeldMailRelease(queue, deliverySignal, clock);
        this.queue = Objects.requireNonNull(queue, "queue");
        this.deliverySignal = Objects.requireNonNull(deliverySignal, "deliverySignal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    @Override
    public Optional<UnitSettings> ownSettings(UnitId unit) {
        if (!loadTree.loadOrgTree().contains(unit)) {
            return Optional.empty();
        }
        return Optional.of(settings.loadSettings(unit));
    }

    @Override
    public Outcome updateSettings(UnitId unit, SmtpSettingsForm form) {
        if (!loadTree.loadOrgTree().contains(unit)) {
            return new Outcome.NotFound("unit " + unit);
        }
        UnitSettings current = settings.loadSettings(unit);
        Validated<UnitSettings> validated = SettingsValidator.validate(form, current.connection());
        if (validated instanceof Validated.Invalid<UnitSettings> invalid) {
            return new Outcome.Invalid(invalid.violations());
        }
        UnitSettings updated = ((Validated.Valid<UnitSettings>) validated).value();
        settings.saveSettings(unit, updated);
        audit.record(unit, SettingsChanges.between(current, updated));
        mailMayGoNow(unit);
        return Outcome.done();
    }

    @Override
    public Outcome clearSettings(UnitId unit) {
        if (!loadTree.loadOrgTree().contains(unit)) {
            return new Outcome.NotFound("unit " + unit);
        }
        UnitSettings current = settings.loadSettings(unit);
        settings.saveSettings(unit, UnitSettings.INHERIT_ALL);
        audit.record(unit, SettingsChanges.between(current, UnitSettings.INHERIT_ALL));
        mailMayGoNow(unit);
        return Outcome.done();
    }

    /**
     * After a change of {@code unit}'s settings, the mail of every unit below it that waits because of them is tried
     * at once: held mail (no server before), and deferred mail (a wrong password or token, say, which an admin has
     * just corrected: DESIGN §8), instead of at its next retry, up to an hour later.
     */
    private void mailMayGoNow(UnitId unit) {
        heldMail.release();
        if (queue.retryDeferred(loadTree.loadOrgTree().subtree(unit), clock.instant()) > 0) {
            deliverySignal.messagesDue();
        }
    }
}
