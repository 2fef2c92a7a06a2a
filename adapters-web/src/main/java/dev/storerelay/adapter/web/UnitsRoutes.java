package dev.storerelay.adapter.web;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.application.port.in.ManageRelayCredentialsUseCase;
import dev.storerelay.application.port.in.UpdateRoutingUseCase;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code /admin/setup/units}: create, rename, move and delete units; a unit's routing and relay credential. */
final class UnitsRoutes {
    private final ManageOrgUnitsUseCase units;
    private final UpdateRoutingUseCase routing;
    private final ManageRelayCredentialsUseCase credentials;

    UnitsRoutes(ManageOrgUnitsUseCase units, UpdateRoutingUseCase routing, ManageRelayCredentialsUseCase credentials) {
        this.units = units;
        this.routing = routing;
        this.credentials = credentials;
    }

    void register(JavalinConfig c) {
        c.routes.get(AdminLayout.UNITS, this::show);
        c.routes.post(AdminLayout.UNITS, this::put);
        c.routes.post(AdminLayout.UNITS + "/delete", this::delete);
        c.routes.post(AdminLayout.UNITS + "/routing", this::putRouting);
        c.routes.post(AdminLayout.UNITS + "/relay-credentials", this::putCredentials);
    }

    void show(Context ctx) {
        String id = ctx.queryParam("unit");
        String notice = ctx.queryParam("saved") != null ? "Saved." : ctx.queryParam("deleted") != null ? "The unit is deleted." : null;
        render(ctx, id == null || id.isEmpty() ? null : chosen(unit(id), null), Map.of(), notice, 200);
    }

    void put(Context ctx) {
        String id = form(ctx, "id");
        if (!UnitId.isValid(id)) {
            render(ctx, null, Map.of(), "Not created: " + PathParams.UNIT_ID_RULE, 400);
            return;
        }
        String parent = form(ctx, "parentId");
        if (!parent.isEmpty() && !UnitId.isValid(parent)) {
            throw AdminPageException.badRequest(PathParams.UNIT_ID_RULE);
        }
        Outcome outcome = units.putUnit(UnitId.of(id), form(ctx, "name"), parent.isEmpty() ? null : UnitId.of(parent));
        after(ctx, outcome, UnitId.of(id));
    }

    void delete(Context ctx) {
        OrgUnit unit = unit(form(ctx, "id"));
        Outcome outcome = units.deleteUnit(unit.id());
        if (outcome instanceof Outcome.Done) {
            ctx.redirect(AdminLayout.UNITS + "?deleted=1", HttpStatus.SEE_OTHER);
            return;
        }
        after(ctx, outcome, unit.id());
    }

    void putRouting(Context ctx) {
        OrgUnit unit = unit(form(ctx, "id"));
        after(ctx, routing.updateRouting(unit.id(), lines(form(ctx, "senderPatterns")), lines(form(ctx, "clientNetworks"))),
                unit.id());
    }

    void putCredentials(Context ctx) {
        OrgUnit unit = unit(form(ctx, "id"));
        String password = ctx.formParam("password");   // not stripped: spaces may be part of a password
        after(ctx, credentials.setCredentials(unit.id(), form(ctx, "username"), password == null ? "" : password), unit.id());
    }

    /** Done: back to the unit (POST-redirect-GET). Otherwise the page again with the refusal and the entered values. */
    private void after(Context ctx, Outcome outcome, UnitId id) {
        if (outcome instanceof Outcome.Done) {
            ctx.redirect(AdminLayout.UNITS + "?unit=" + id + "&saved=1", HttpStatus.SEE_OTHER);
            return;
        }
        if (outcome instanceof Outcome.NotFound) {
            throw AdminPageException.notFound("There is no unit " + id + ".");
        }
        List<dev.storerelay.domain.model.Violation> violations = outcome instanceof Outcome.Invalid invalid
                ? invalid.violations() : ((Outcome.Conflict) outcome).violations();
        Map<String, String> errors = ApiException.fieldMessages(violations);
        String message = violations.stream().map(dev.storerelay.domain.model.Violation::message).collect(Collectors.joining(" "));
        Optional<OrgUnit> existing = find(id);
        render(ctx, existing.map(u -> chosen(u, ctx)).orElse(null), errors, "Not saved: " + message,
                outcome instanceof Outcome.Conflict ? 409 : 400);
    }

    private void render(Context ctx, UnitsPage.Chosen chosen, Map<String, String> errors, String notice, int status) {
        AdminSessions.Session session = AdminPageAccess.session(ctx);
        ctx.status(status).html(AdminLayout.page("Units", UnitsPage.BREADCRUMB, session,
                UnitsPage.content(session, units.listUnits(), chosen, errors, notice, status >= 400)));
    }

    /** The unit's stored state, or what was just entered in {@code ctx}'s form (never a password). */
    private UnitsPage.Chosen chosen(OrgUnit unit, Context entered) {
        UnitRouting rules = routing.routing(unit.id()).orElse(UnitRouting.none(unit.id()));
        ManageRelayCredentialsUseCase.RelayCredentialView credential = credentials.credentials(unit.id())
                .orElse(new ManageRelayCredentialsUseCase.RelayCredentialView(null));
        String patterns = rules.senderPatterns().stream().map(Object::toString).collect(Collectors.joining("\n"));
        String networks = rules.clientNetworks().stream().map(Object::toString).collect(Collectors.joining("\n"));
        UnitsPage.Chosen stored = new UnitsPage.Chosen(unit, unit.name(), unit.parentId() == null ? null : unit.parentId().value(),
                patterns, networks, credential.configuredUsername().orElse(""), credential.passwordSet());
        if (entered == null) {
            return stored;
        }
        return new UnitsPage.Chosen(unit, orElse(entered.formParam("name"), stored.name()),
                entered.formParam("parentId") == null ? stored.parentId() : emptyToNull(entered.formParam("parentId")),
                orElse(entered.formParam("senderPatterns"), patterns), orElse(entered.formParam("clientNetworks"), networks),
                orElse(entered.formParam("username"), stored.relayUsername()), stored.relayPasswordSet());
    }

    private Optional<OrgUnit> find(UnitId id) {
        return units.listUnits().stream().filter(u -> u.id().equals(id)).findFirst();
    }

    private OrgUnit unit(String text) {
        return QueryParams.existingUnit(units.listUnits(), text);
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\r?\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String form(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value.strip();
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
