package dev.storerelay.application.service;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.UpdateUnitSettingsUseCase;
import dev.storerelay.application.port.out.DeliverySignalPort;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.HeldMailPort;
import dev.storerelay.application.port.out.RetryDeferredMailPort;
import dev.storerelay.application.port.out.RunLaterPort;
import dev.storerelay.application.port.out.UnitSettingsPort;
import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.SmtpSettingsForm;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import dev.storerelay.domain.model.Validated;
import dev.storerelay.domain.model.Violation;
import dev.storerelay.domain.policy.SettingsChanges;
import dev.storerelay.domain.policy.SettingsValidator;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

public final class UpdateUnitSettingsService implements UpdateUnitSettingsUseCase {
    private final LoadOrgTreePort loadTree;
    private final UnitSettingsPort settings;
    private final HeldMailRelease heldMail;
    private final RetryDeferredMailPort deferredMail;
    private final DeliverySignalPort deliverySignal;
    private final Clock clock;
    private final AuditTrail audit;

    public UpdateUnitSettingsService(LoadOrgTreePort loadTree, UnitSettingsPort settings, HeldMailPort heldMail,
                                     RetryDeferredMailPort deferredMail, DeliverySignalPort deliverySignal, Clock clock,
                                     AuditTrail audit, RunLaterPort later) {
        this.loadTree = Objects.requireNonNull(loadTree, "loadTree");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.heldMail = new HeldMailRelease(heldMail, deliverySignal, clock, later);
        this.deferredMail = Objects.requireNonNull(deferredMail, "deferredMail");
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
    public Outcome storeRefreshToken(UnitId unit, OAuth2Settings signedInWith, Secret refreshToken, String account,
                                     String byUser) {
        Objects.requireNonNull(signedInWith, "signedInWith");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(byUser, "byUser");
        if (!loadTree.loadOrgTree().contains(unit)) {
            return new Outcome.NotFound("unit " + unit);
        }
        UnitSettings current = settings.loadSettings(unit);
        SmtpConnection connection = current.connection();
        OAuth2Settings own = connection == null ? null : connection.oauth2();
        // The code was issued to the client the sign-in began with; settings changed since may name another client.
        if (own == null || own.grant() != OAuth2Grant.REFRESH_TOKEN
                || !own.withRefreshToken(null).equals(signedInWith.withRefreshToken(null))) {
            return new Outcome.Conflict(List.of(new Violation(OAuth2Settings.REFRESH_TOKEN,
                    "The unit's OAuth 2.0 settings changed while you were signing in, so the refresh token was not "
                            + "stored: sign in again.")));
        }
        SmtpConnection updated = new SmtpConnection(connection.serverAddress(), connection.port(), connection.login(),
                connection.password(), connection.secureSocketOptions(), own.withRefreshToken(refreshToken),
                connection.trust());
        settings.saveSettings(unit, new UnitSettings(updated, current.outgoingEmailAddress()));
        audit.record(unit, List.of(SettingsChanges.refreshTokenBySignIn(account)), byUser);
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
     * After a change of {@code unit}'s settings, the mail of every unit below it that waits because of them is tried at
     * once: held mail (no server before), and deferred mail (a wrong password or token, say, which an admin has just
     * corrected: README, *What the relay does on token errors*), instead of at its next retry, up to an hour later.
     */
    private void mailMayGoNow(UnitId unit) {
        heldMail.release();
        if (deferredMail.retryDeferred(loadTree.loadOrgTree().subtree(unit), clock.instant()) > 0) {
            deliverySignal.messagesDue();
        }
    }
}
