package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.storerelay.application.port.in.ManageRelayCredentialsUseCase;
import dev.storerelay.application.port.in.ManageRelayCredentialsUseCase.RelayCredentialView;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.policy.RelayCredentialRules;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code /api/units/{id}/relay-credentials}: the user name and password a submitter uses for SMTP AUTH. */
final class RelayCredentialsRoutes {
    private static final Set<String> PUT_PROPERTIES = Set.of(RelayCredentialRules.USERNAME, RelayCredentialRules.PASSWORD);

    private final ManageRelayCredentialsUseCase credentials;
    private final JsonBodies bodies;

    RelayCredentialsRoutes(ManageRelayCredentialsUseCase credentials, JsonBodies bodies) {
        this.credentials = credentials;
        this.bodies = bodies;
    }

    void get(Context ctx) {
        ctx.json(RelayCredentialsJson.of(stored(PathParams.unitId(ctx))));
    }

    void put(Context ctx) {
        UnitId id = PathParams.unitId(ctx);
        ObjectNode body = bodies.object(ctx, PUT_PROPERTIES);
        Map<String, String> errors = new LinkedHashMap<>();
        String username = JsonBodies.text(body, RelayCredentialRules.USERNAME, errors);
        String password = JsonBodies.text(body, RelayCredentialRules.PASSWORD, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Outcomes.requireDone(credentials.setCredentials(id, username, password));
        ctx.json(RelayCredentialsJson.of(stored(id)));
    }

    void delete(Context ctx) {
        Outcomes.requireDone(credentials.removeCredentials(PathParams.unitId(ctx)));
        ctx.status(204);
    }

    private RelayCredentialView stored(UnitId id) {
        return credentials.credentials(id).orElseThrow(() -> ApiException.notFound("unit " + id));
    }
}
