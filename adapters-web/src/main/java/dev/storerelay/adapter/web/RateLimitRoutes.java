package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.storerelay.application.port.in.ManageRateLimitsUseCase;
import dev.storerelay.application.port.in.RateLimitView;
import dev.storerelay.domain.model.Provenance;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.UnitId;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/units/{id}/limits}: how many messages per minute the unit's stores may send upstream and how many
 * upstream connections each may have open — the unit's own values and the effective ones with the unit each is inherited from.
 * A PUT sets both; {@code null} or absent inherits.
 */
final class RateLimitRoutes {
    private static final String MESSAGES_PER_MINUTE = "messagesPerMinute";
    private static final String MAX_CONNECTIONS = "maxConnections";

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
        ObjectNode body = bodies.object(ctx, Set.of(MESSAGES_PER_MINUTE, MAX_CONNECTIONS));
        Map<String, String> errors = new LinkedHashMap<>();
        Integer perMinute = JsonBodies.wholeNumber(body, MESSAGES_PER_MINUTE, "Enter a whole number of messages per minute, or null to inherit.", errors);
        Integer connections = JsonBodies.wholeNumber(body, MAX_CONNECTIONS, "Enter a whole number of connections, or null to inherit.", errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Outcomes.requireDone(limits.setRateLimit(id, perMinute));
        Outcomes.requireDone(limits.setConnectionLimit(id, connections));
        ctx.json(json(view(id)));
    }


    private RateLimitView view(UnitId id) {
        return limits.rateLimit(id).orElseThrow(() -> ApiException.notFound("unit " + id));
    }

    private static Map<String, Object> json(RateLimitView view) {
        Map<String, Object> effective = new LinkedHashMap<>();
        effective.put(MESSAGES_PER_MINUTE, view.effectiveLimit().map(l -> sourced(l.value().messagesPerMinute(), l.source())).orElse(null));
        effective.put(MAX_CONNECTIONS, Optional.ofNullable(view.effectiveConnections())
                .map(c -> sourced(c.value().maxConnections(), c.source())).orElse(null));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(MESSAGES_PER_MINUTE, view.ownLimit().map(RateLimit::messagesPerMinute).orElse(null));
        json.put(MAX_CONNECTIONS, view.ownConnections() == null ? null : view.ownConnections().maxConnections());
        json.put("effective", effective);
        return json;
    }

    private static Map<String, Object> sourced(int value, Provenance source) {
        Provenance.FromUnit from = (Provenance.FromUnit) source;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("value", value);
        json.put("source", Map.of("unitId", from.unitId().value(), "unitName", from.unitName()));
        return json;
    }
}
