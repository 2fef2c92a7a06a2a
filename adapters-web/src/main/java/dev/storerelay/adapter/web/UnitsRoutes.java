package dev.storerelay.adapter.web;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.application.port.in.ManageRelayCredentialsUseCase;
import dev.storerelay.application.port.in.UpdateRoutingUseCase;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import dev.storerelay.domain.model.Violation;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code /admin/setup/units}: create, rename, move and delete units; a unit's routing and relay credential. Unlike the
 * API's create-or-update {@code PUT}, each is an action of its own, so creating can never rename or move a unit.
 */
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
        c.routes.post(AdminLayout.UNITS, this::create);
        c.routes.post(AdminLayout.UNITS + "/rename", this::rename);
        c.routes.post(AdminLayout.UNITS + "/move", this::move);
        c.routes.post(AdminLayout.UNITS + "/delete", this::delete);
        c.routes.post(AdminLayout.UNITS + "/routing", this::putRouting);
        c.routes.post(AdminLayout.UNITS + "/relay-credentials", this::putCredentials);
        c.routes.post(AdminLayout.UNITS + "/relay-credentials/delete", this::removeCredentials);
    }

    void show(Context ctx) {
        String id = ctx.queryParam("unit");
        String notice = ctx.queryParam("saved") != null ? "Saved."
                : ctx.queryParam("created") != null ? "The unit is created."
                : ctx.queryParam("deleted") != null ? "The unit is deleted." : null;
        render(ctx, id == null || id.isEmpty() ? null : chosen(unit(id), null), Map.of(), UnitsPage.NewUnit.EMPTY, notice, 200);
    }

    /** Creates a unit; an id that exists already is refused, the unit left as it is and the form kept as typed. */
    void create(Context ctx) {
        String id = form(ctx, "id");
        String parent = form(ctx, "parentId");
        String name = ctx.formParam("name") == null ? "" : ctx.formParam("name");
        Map<String, String> errors = new LinkedHashMap<>();
        if (!UnitId.isValid(id)) {
            errors.put("id", PathParams.UNIT_ID_RULE);
        }
        if (!parent.isEmpty() && !UnitId.isValid(parent)) {
            errors.put("parentId", PathParams.UNIT_ID_RULE);
        }
        Outcome outcome = errors.isEmpty()
                ? units.createUnit(UnitId.of(id), name, parent.isEmpty() ? null : UnitId.of(parent))
                : new Outcome.Invalid(errors.entrySet().stream()
                        .map(e -> new Violation(e.getKey(), e.getValue())).toList());
        if (outcome instanceof Outcome.Done) {
            ctx.redirect(AdminLayout.UNITS + "?unit=" + id + "&created=1", HttpStatus.SEE_OTHER);
            return;
        }
        List<Violation> violations = violations(outcome);
        render(ctx, null, Map.of(), new UnitsPage.NewUnit(id, name, parent, ApiException.fieldMessages(violations)),
                "Not created: " + messages(violations), outcome instanceof Outcome.Conflict ? 409 : 400);
    }

    void rename(Context ctx) {
        OrgUnit unit = unit(form(ctx, "id"));
        after(ctx, units.renameUnit(unit.id(), ctx.formParam("name") == null ? "" : ctx.formParam("name")), unit.id());
    }

    /** Moves the unit under the chosen parent; the service refuses a parent within the unit's own subtree. */
    void move(Context ctx) {
        OrgUnit unit = unit(form(ctx, "id"));
        String parent = form(ctx, "parentId");
        if (!parent.isEmpty() && !UnitId.isValid(parent)) {
            throw AdminPageException.badRequest(PathParams.UNIT_ID_RULE);
        }
        after(ctx, units.moveUnit(unit.id(), parent.isEmpty() ? null : UnitId.of(parent)), unit.id());
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

    void removeCredentials(Context ctx) {
        OrgUnit unit = unit(form(ctx, "id"));
        after(ctx, credentials.removeCredentials(unit.id()), unit.id());
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
        List<Violation> violations = violations(outcome);
        Map<String, String> errors = ApiException.fieldMessages(violations);
        Optional<OrgUnit> existing = find(id);
        render(ctx, existing.map(u -> chosen(u, ctx)).orElse(null), errors, UnitsPage.NewUnit.EMPTY,
                "Not saved: " + messages(violations), outcome instanceof Outcome.Conflict ? 409 : 400);
    }

    private static List<Violation> violations(Outcome outcome) {
        return outcome instanceof Outcome.Invalid invalid ? invalid.violations() : ((Outcome.Conflict) outcome).violations();
    }

    private static String messages(List<Violation> violations) {
        return violations.stream().map(Violation::message).collect(Collectors.joining(" "));
    }

    private void render(Context ctx, UnitsPage.Chosen chosen, Map<String, String> errors, UnitsPage.NewUnit newUnit,
                        String notice, int status) {
        AdminSessions.Session session = AdminPageAccess.session(ctx);
        ctx.status(status).html(AdminLayout.page("Units", UnitsPage.BREADCRUMB, session,
                UnitsPage.content(session, units.listUnits(), chosen, errors, newUnit, notice, status >= 400,
                        ctx.queryParam("q"))));
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
