package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.ResolveStoreSettingsUseCase;
import dev.storerelay.application.port.in.UpdateUnitSettingsUseCase;
import dev.storerelay.domain.model.SmtpSettingsForm;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import io.javalin.http.Context;

/** {@code /api/units/{id}/smtp}: a unit's own SMTP settings, and the effective ones after inheritance. */
final class SmtpSettingsRoutes {
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

    void putOwn(Context ctx) {
        UnitId id = PathParams.unitId(ctx);
        SmtpSettingsForm form = SmtpSettingsRequest.toForm(bodies.object(ctx, SmtpSettingsRequest.PROPERTIES));
        Outcomes.requireDone(settings.updateSettings(id, form));
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
