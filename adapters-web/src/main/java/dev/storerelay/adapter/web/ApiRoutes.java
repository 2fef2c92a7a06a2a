package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;

import java.util.List;

/** The JSON API under {@code /api} (README, *Admin JSON API*). */
final class ApiRoutes {
    private final UnitRoutes units;
    private final SmtpSettingsRoutes smtp;
    private final SmtpTestRoutes smtpTest;
    private final RoutingRoutes routing;
    private final RateLimitRoutes rateLimits;
    private final RelayCredentialsRoutes relayCredentials;
    private final UserRoutes users;
    private final AuditRoutes audit;
    private final MessageRoutes messages;
    private final BulkRoutes bulk;
    private final RefusedRoutes refused;

    ApiRoutes(UnitUseCases unit, MailUseCases mail, AdminUserUseCases admin, AdminPageAccess pageAccess,
              ObjectMapper mapper) {
        JsonBodies bodies = new JsonBodies(mapper);
        this.units = new UnitRoutes(unit.units(), bodies);
        this.smtp = new SmtpSettingsRoutes(unit.settings(), unit.resolver(), bodies);
        this.smtpTest = new SmtpTestRoutes(unit.tester(), bodies);
        this.routing = new RoutingRoutes(unit.routing(), bodies);
        this.rateLimits = new RateLimitRoutes(unit.rateLimits(), bodies);
        this.relayCredentials = new RelayCredentialsRoutes(unit.relayCredentials(), bodies);
        this.users = new UserRoutes(admin.users(), bodies, pageAccess);
        this.audit = new AuditRoutes(admin.auditLog());
        this.messages = new MessageRoutes(mail.messages());
        this.bulk = new BulkRoutes(unit.bulk(), mapper);
        this.refused = new RefusedRoutes(mail.refused());
    }

    void register(JavalinConfig c) {
        c.routes.get("/api/units", units::list);
        c.routes.get("/api/units/{id}", units::get);
        c.routes.put("/api/units/{id}", units::put);
        c.routes.delete("/api/units/{id}", units::delete);

        c.routes.get("/api/units/{id}/smtp", smtp::getOwn);
        c.routes.put("/api/units/{id}/smtp", smtp::putOwn);
        c.routes.patch("/api/units/{id}/smtp", smtp::patchOwn, new RequestBodyTypes(List.of(SmtpSettingsPatch.MEDIA_TYPE)));
        c.routes.delete("/api/units/{id}/smtp", smtp::deleteOwn);
        c.routes.get("/api/units/{id}/smtp/effective", smtp::getEffective);

        c.routes.get("/api/units/{id}/routing", routing::get);
        c.routes.put("/api/units/{id}/routing", routing::put);
        c.routes.get("/api/units/{id}/limits", rateLimits::get);
        c.routes.put("/api/units/{id}/limits", rateLimits::put);
        c.routes.get("/api/units/{id}/relay-credentials", relayCredentials::get);
        c.routes.put("/api/units/{id}/relay-credentials", relayCredentials::put);
        c.routes.delete("/api/units/{id}/relay-credentials", relayCredentials::delete);

        c.routes.post("/api/units/{id}/smtp/test", smtpTest::test);

        c.routes.get("/api/users", users::list);
        c.routes.put("/api/users/{username}", users::put);
        c.routes.delete("/api/users/{username}", users::delete);
        c.routes.get("/api/audit", audit::list);

        c.routes.get("/api/messages", messages::list);
        c.routes.get("/api/messages/counts", messages::counts);
        c.routes.get("/api/messages/{id}", messages::get);
        c.routes.get("/api/messages/{id}/attempts", messages::attempts);
        c.routes.post("/api/messages/{id}/retry", messages::retry);
        c.routes.post("/api/messages/{id}/discard", messages::discard);
        c.routes.get("/api/export", bulk::exportUnits);
        c.routes.post("/api/import", bulk::importUnits, BulkRoutes.IMPORT_TYPES);
        c.routes.get("/api/refused", refused::list);
    }
}
