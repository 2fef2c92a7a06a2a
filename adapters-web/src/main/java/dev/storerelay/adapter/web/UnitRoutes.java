package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.domain.model.UnitId;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code /api/units}: list, read, create or update, and remove organizational units (README, *Admin JSON API*). */
final class UnitRoutes {
    private static final String NAME = "name";
    private static final String PARENT_ID = "parentId";
    private static final Set<String> PUT_PROPERTIES = Set.of(NAME, PARENT_ID);

    private final ManageOrgUnitsUseCase units;
    private final JsonBodies bodies;

    UnitRoutes(ManageOrgUnitsUseCase units, JsonBodies bodies) {
        this.units = units;
        this.bodies = bodies;
    }

    void list(Context ctx) {
        ctx.json(units.listUnits().stream().map(UnitJson::of).toList());
    }

    void get(Context ctx) {
        UnitId id = PathParams.unitId(ctx);
        ctx.json(units.listUnits().stream().filter(u -> u.id().equals(id)).findFirst().map(UnitJson::of)
                .orElseThrow(() -> ApiException.notFound("unit " + id)));
    }

    void put(Context ctx) {
        UnitId id = PathParams.unitId(ctx);
        ObjectNode body = bodies.object(ctx, PUT_PROPERTIES);
        Map<String, String> errors = new LinkedHashMap<>();
        String name = JsonBodies.text(body, NAME, errors);
        String parentText = JsonBodies.text(body, PARENT_ID, errors);
        UnitId parentId = null;
        if (parentText != null && !parentText.isEmpty()) {
            if (UnitId.isValid(parentText)) {
                parentId = UnitId.of(parentText);
            } else {
                errors.put(PARENT_ID, PathParams.UNIT_ID_RULE);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        // Create-or-update is one call; whether it existed only decides 201 versus 200.
        boolean existed = units.listUnits().stream().anyMatch(u -> u.id().equals(id));
        Outcomes.requireDone(units.putUnit(id, name, parentId));
        String savedParent = parentId == null ? null : parentId.value();
        UnitJson saved = units.listUnits().stream().filter(u -> u.id().equals(id)).findFirst().map(UnitJson::of)
                .orElseGet(() -> new UnitJson(id.value(), name.strip(), savedParent));   // removed meanwhile
        ctx.status(existed ? 200 : 201).json(saved);
    }

    void delete(Context ctx) {
        UnitId id = PathParams.unitId(ctx);
        Outcomes.requireDone(units.deleteUnit(id));
        ctx.status(204);
    }
}
