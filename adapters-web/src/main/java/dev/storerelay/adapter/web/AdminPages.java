package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpStatus;

import java.time.Clock;

/** The server-rendered admin page under {@code /admin}: sign-in, the setup screens and the logs. */
final class AdminPages {
    private final SignInRoutes signIn;
    private final SmtpServerRoutes smtpServer;
    private final OAuth2SignInRoutes oauth2SignIn;
    private final DeliveryLogRoutes deliveryLog;
    private final BulkRoutes bulk;
    private final UnitsRoutes units;
    private final UsersRoutes users;
    private final AuditLogRoutes auditLog;
    private final RefusedPageRoutes refused;
    private final StoresRoutes stores;

    AdminPages(WebConfig config, UnitUseCases unit, MailUseCases mail, AdminUserUseCases admin, AdminSessions sessions,
               AdminPageAccess pageAccess, ObjectMapper mapper, Clock clock) {
        this.signIn = new SignInRoutes(admin.authentication(), sessions, pageAccess);
        this.smtpServer = new SmtpServerRoutes(unit.units(), unit.settings(), unit.resolver(), unit.tester(),
                config.secureCookies(), config.defaultSender());
        this.oauth2SignIn = new OAuth2SignInRoutes(unit.refreshTokenSignIn(), unit.units(), config.secureCookies());
        this.deliveryLog = new DeliveryLogRoutes(mail.messages());
        this.bulk = new BulkRoutes(unit.bulk(), mapper);
        this.units = new UnitsRoutes(unit.units(), unit.routing(), unit.relayCredentials());
        this.users = new UsersRoutes(admin.users(), pageAccess);
        this.auditLog = new AuditLogRoutes(admin.auditLog());
        this.refused = new RefusedPageRoutes(mail.refused());
        this.stores = new StoresRoutes(mail.storesOverview(), clock);
    }

    void register(JavalinConfig c) {
        c.routes.get(AdminPageAccess.PREFIX, ctx -> ctx.redirect(AdminLayout.STORES, HttpStatus.SEE_OTHER));
        c.routes.get(AdminPageAccess.ASSETS + "{name}", AdminAssets::serve);
        c.routes.get(AdminPageAccess.SIGN_IN, signIn::form);
        c.routes.post(AdminPageAccess.SIGN_IN, signIn::signIn);
        c.routes.post(AdminPageAccess.SIGN_OUT, signIn::signOut);
        c.routes.get(AdminLayout.SMTP_SERVER, smtpServer::show);
        c.routes.post(AdminLayout.SMTP_SERVER, smtpServer::save);
        c.routes.post(AdminLayout.SMTP_SERVER + "/inherit", smtpServer::inherit);
        c.routes.post(AdminLayout.SMTP_SERVER + "/test", smtpServer::test);
        c.routes.get(AdminLayout.SMTP_SERVER + "/test", smtpServer::testByGet);
        c.routes.get(OAuth2SignInRoutes.START, oauth2SignIn::start);
        c.routes.get(OAuth2SignInRoutes.CALLBACK, oauth2SignIn::callback);
        c.routes.get(AdminLayout.DELIVERY_LOG, deliveryLog::show);
        c.routes.get(AdminLayout.DELIVERY_LOG + "/{id}", deliveryLog::message);
        c.routes.post(AdminLayout.DELIVERY_LOG + "/{id}/retry", deliveryLog::retry);
        c.routes.post(AdminLayout.DELIVERY_LOG + "/{id}/discard", deliveryLog::discard);
        c.routes.get(BulkRoutes.PAGE, bulk::page);
        c.routes.post(BulkRoutes.PAGE, bulk::upload);
        units.register(c);
        users.register(c);
        auditLog.register(c);
        refused.register(c);
        stores.register(c);
    }
}
