package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.storerelay.application.port.in.ManageRateLimitsUseCase;
import dev.storerelay.application.port.in.RateLimitView;
import dev.storerelay.domain.model.Provenance;
import dev.storerelay.domain.model.UnitId;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/units/{id}/limits}: how many messages per minute the unit's stores may send upstream, its own and
 * the effective one with the unit it is inherited from. {@code null} inherits.
 */
final class RateLimitRoutes {
    private static final String MESSAGES_PER_MINUTE = "messagesPerMinute";

    private final ManageRateLimitsUseCase limits;
    private final JsonBodies bodies;

    RateLimitRoutes(ManageRateLimitsUseCase limits, JsonBodies bodies) {
        this.limits = limits;
        this.bodies = bodies;
    }

    void get(Context ctx) {
        ctx.json(json(view(PathParams.unitId(ctx))));
    }

    void put(Context ctx) {
        UnitId id = PathParams.unitId(ctx);
        ObjectNode body = bodies.object(ctx, Set.of(MESSAGES_PER_MINUTE));
        JsonNode value = body.get(MESSAGES_PER_MINUTE);
        Integer perMinute = null;
        if (value != null && !value.isNull()) {
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw ApiException.invalid(Map.of(MESSAGES_PER_MINUTE, "Enter a whole number of messages per minute, or null to inherit."));
            }
            perMinute = value.intValue();
        }
        Outcomes.requireDone(limits.setRateLimit(id, perMinute));
        ctx.json(json(view(id)));
    }

    private RateLimitView view(UnitId id) {
        return limits.rateLimit(id).orElseThrow(() -> ApiException.notFound("unit " + id));
    }

    private static Map<String, Object> json(RateLimitView view) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(MESSAGES_PER_MINUTE, view.ownLimit().map(l -> l.messagesPerMinute()).orElse(null));
        json.put("effective", view.effectiveLimit().map(effective -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put(MESSAGES_PER_MINUTE, effective.value().messagesPerMinute());
            Provenance.FromUnit from = (Provenance.FromUnit) effective.source();
            e.put("source", Map.of("unitId", from.unitId().value(), "unitName", from.unitName()));
            return e;
        }).orElse(null));
        return json;
    }
}
