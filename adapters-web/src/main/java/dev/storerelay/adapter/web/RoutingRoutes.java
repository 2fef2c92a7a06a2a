package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.storerelay.application.port.in.UpdateRoutingUseCase;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import dev.storerelay.domain.policy.RoutingValidator;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/units/{id}/routing}: the unit's sender patterns and client networks (README, *Pointing a legacy system at it*). A
 * PUT replaces both lists, so both are required: a client that forgets one must not silently remove a store's
 * networks (its submitters would suddenly have to authenticate).
 */
final class RoutingRoutes {
    private static final Set<String> PUT_PROPERTIES = Set.of(RoutingValidator.SENDER_PATTERNS, RoutingValidator.CLIENT_NETWORKS);

    private final UpdateRoutingUseCase routing;
    private final JsonBodies bodies;

    RoutingRoutes(UpdateRoutingUseCase routing, JsonBodies bodies) {
        this.routing = routing;
        this.bodies = bodies;
    }

    void get(Context ctx) {
        ctx.json(RoutingJson.of(stored(PathParams.unitId(ctx))));
    }

    void put(Context ctx) {
        UnitId id = PathParams.unitId(ctx);
        ObjectNode body = bodies.object(ctx, PUT_PROPERTIES);
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> patterns = JsonBodies.requiredTextList(body, RoutingValidator.SENDER_PATTERNS, errors);
        List<String> networks = JsonBodies.requiredTextList(body, RoutingValidator.CLIENT_NETWORKS, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Outcomes.requireDone(routing.updateRouting(id, patterns, networks));
        ctx.json(RoutingJson.of(stored(id)));
    }

    private UnitRouting stored(UnitId id) {
        return routing.routing(id).orElseThrow(() -> ApiException.notFound("unit " + id));
    }
}
