package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.ResolveStoreSettingsUseCase;
import dev.storerelay.application.port.in.UpdateUnitSettingsUseCase;
import dev.storerelay.domain.model.SmtpSettingsForm;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import dev.storerelay.domain.model.Violation;
import dev.storerelay.domain.policy.SettingsValidator;
import io.javalin.http.Context;

/**
 * {@code /api/units/{id}/smtp}: a unit's own SMTP settings (read, replace with {@code PUT}, change some with a merge
 * {@code PATCH}, clear), and the effective ones after inheritance.
 */
final class SmtpSettingsRoutes {
    static final String PUT_DROPS_PASSWORD = "A password is stored for this unit's login, and this PUT leaves the login "
            + "out, which would drop the password with it. Send \"password\": \"\" to clear the password as well, or "
            + "use PATCH (Content-Type: application/merge-patch+json) to change only the fields you send.";
    static final String PATCH_DROPS_PASSWORD = "A password is stored for this unit's login, and without the login it "
            + "would be dropped. Send \"password\": null to clear the password as well.";

    private final UpdateUnitSettingsUseCase settings;
    private final ResolveStoreSettingsUseCase resolver;
    private final JsonBodies bodies;

    SmtpSettingsRoutes(UpdateUnitSettingsUseCase settings, ResolveStoreSettingsUseCase resolver, JsonBodies bodies) {
        this.settings = settings;
        this.resolver = resolver;
        this.bodies = bodies;
    }

    void getOwn(Context ctx) {
        ctx.json(OwnSettingsJson.of(ownSettings(PathParams.unitId(ctx))));
    }

    /** Replaces the unit's own settings: what the body leaves out is not set (inherited), secrets aside (kept). */
    void putOwn(Context ctx) {
        UnitId id = PathParams.unitId(ctx);
        SmtpSettingsForm form = SmtpSettingsRequest.toForm(bodies.object(ctx, SmtpSettingsRequest.PROPERTIES));
        save(ctx, id, form, PUT_DROPS_PASSWORD);
    }

    /** Changes only the fields the merge patch gives (RFC 7396), then validates the result as a {@code PUT}. */
    void patchOwn(Context ctx) {
        UnitId id = PathParams.unitId(ctx);
        ObjectNode patch = bodies.object(ctx, SmtpSettingsRequest.PROPERTIES);
        SmtpSettingsForm form = SmtpSettingsRequest.toForm(SmtpSettingsPatch.apply(ownSettings(id), patch));
        save(ctx, id, form, PATCH_DROPS_PASSWORD);
    }

    private void save(Context ctx, UnitId id, SmtpSettingsForm form, String droppedPasswordAdvice) {
        Outcome outcome = settings.updateSettings(id, form);
        if (outcome instanceof Outcome.Invalid invalid) {
            // The domain says "clear the password as well" in the page's words; the API says how in its own.
            outcome = new Outcome.Invalid(invalid.violations().stream()
                    .map(v -> v.field().equals(SmtpSettingsForm.PASSWORD)
                            && v.message().equals(SettingsValidator.STORED_PASSWORD_WITHOUT_LOGIN)
                            ? new Violation(v.field(), droppedPasswordAdvice) : v)
                    .toList());
        }
        Outcomes.requireDone(outcome);
        ctx.json(OwnSettingsJson.of(ownSettings(id)));
    }

    void deleteOwn(Context ctx) {
        Outcomes.requireDone(settings.clearSettings(PathParams.unitId(ctx)));
        ctx.status(204);
    }

    void getEffective(Context ctx) {
        UnitId id = PathParams.unitId(ctx);
        ctx.json(EffectiveSettingsJson.of(resolver.resolve(id).orElseThrow(() -> ApiException.notFound("unit " + id))));
    }

    private UnitSettings ownSettings(UnitId id) {
        return settings.ownSettings(id).orElseThrow(() -> ApiException.notFound("unit " + id));
    }
}
