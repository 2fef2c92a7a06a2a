package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.storerelay.application.port.in.AuthenticateAdminUseCase;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.application.port.in.ManageRelayCredentialsUseCase;
import dev.storerelay.application.port.in.MessageLogUseCase;
import dev.storerelay.application.port.in.ResolveStoreSettingsUseCase;
import dev.storerelay.application.port.in.ManageRateLimitsUseCase;
import dev.storerelay.application.port.in.UpdateRoutingUseCase;
import dev.storerelay.application.port.in.UpdateUnitSettingsUseCase;
import dev.storerelay.domain.model.Texts;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The admin web: the JSON API of DESIGN §8 on Javalin. Built without I/O; {@link #start()} binds the port and
 * {@link #stop()} releases it.
 */
public final class WebServer {
    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    private static final long MAX_REQUEST_BYTES = 64 * 1024;

    private final WebConfig config;
    private final ObjectMapper mapper = JacksonJsonMapper.newObjectMapper();
    private final AdminAccess access;
    private final UnitRoutes units;
    private final SmtpSettingsRoutes smtp;
    private final MessageRoutes messages;
    private final RoutingRoutes routing;
    private final RateLimitRoutes rateLimits;
    private final RelayCredentialsRoutes relayCredentials;
    private Javalin app;

    public WebServer(WebConfig config, ManageOrgUnitsUseCase units, UpdateUnitSettingsUseCase settings,
                     ResolveStoreSettingsUseCase resolver, MessageLogUseCase messages,
                     AuthenticateAdminUseCase authentication, UpdateRoutingUseCase routing,
                     ManageRelayCredentialsUseCase relayCredentials, ManageRateLimitsUseCase rateLimits) {
        this.config = Objects.requireNonNull(config, "config");
        JsonBodies bodies = new JsonBodies(mapper);
        this.access = new AdminAccess(Objects.requireNonNull(authentication, "authentication"));
        this.units = new UnitRoutes(Objects.requireNonNull(units, "units"), bodies);
        this.smtp = new SmtpSettingsRoutes(Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(resolver, "resolver"), bodies);
        this.messages = new MessageRoutes(Objects.requireNonNull(messages, "messages"));
        this.routing = new RoutingRoutes(Objects.requireNonNull(routing, "routing"), bodies);
        this.relayCredentials = new RelayCredentialsRoutes(Objects.requireNonNull(relayCredentials, "relayCredentials"), bodies);
        this.rateLimits = new RateLimitRoutes(Objects.requireNonNull(rateLimits, "rateLimits"), bodies);
    }

    /** Binds {@link WebConfig#bindAddress()} and the port and serves until {@link #stop()}. */
    public synchronized void start() {
        if (app != null) {
            throw new IllegalStateException("the admin web is already running");
        }
        Javalin created = Javalin.create(this::configure);
        try {
            created.start();
        } catch (RuntimeException e) {
            created.stop();
            throw e;
        }
        app = created;
        log.info("admin web listening on {}:{}", config.bindAddress(), created.port());
    }

    /** The bound port (the real one when configured with 0). */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("the admin web is not running");
        }
        return app.port();
    }

    /** Stops serving; does nothing when not running. */
    public synchronized void stop() {
        if (app != null) {
            app.stop();
            app = null;
            log.info("admin web stopped");
        }
    }

    private void configure(JavalinConfig c) {
        c.jetty.host = config.bindAddress();
        c.jetty.port = config.port();
        c.startup.showJavalinBanner = false;
        c.startup.showOldJavalinVersionWarning = false;
        c.http.maxRequestSize = MAX_REQUEST_BYTES;
        c.jsonMapper(new JacksonJsonMapper(mapper));

        // Every path needs a signed-in admin: also unknown ones, so probing tells nothing without credentials.
        c.routes.before(access::secureHeaders);
        c.routes.before(access::authorize);
        c.routes.after(this::auditWrite);

        c.routes.get("/api/units", units::list);
        c.routes.get("/api/units/{id}", units::get);
        c.routes.put("/api/units/{id}", units::put);
        c.routes.delete("/api/units/{id}", units::delete);

        c.routes.get("/api/units/{id}/smtp", smtp::getOwn);
        c.routes.put("/api/units/{id}/smtp", smtp::putOwn);
        c.routes.delete("/api/units/{id}/smtp", smtp::deleteOwn);
        c.routes.get("/api/units/{id}/smtp/effective", smtp::getEffective);

        c.routes.get("/api/units/{id}/routing", routing::get);
        c.routes.put("/api/units/{id}/routing", routing::put);
        c.routes.get("/api/units/{id}/limits", rateLimits::get);
        c.routes.put("/api/units/{id}/limits", rateLimits::put);
        c.routes.get("/api/units/{id}/relay-credentials", relayCredentials::get);
        c.routes.put("/api/units/{id}/relay-credentials", relayCredentials::put);
        c.routes.delete("/api/units/{id}/relay-credentials", relayCredentials::delete);

        // A later issue; answered explicitly so clients see "not yet" rather than "no such thing".
        c.routes.post("/api/units/{id}/smtp/test", WebServer::notImplemented);

        c.routes.get("/api/messages", messages::list);
        c.routes.get("/api/messages/counts", messages::counts);
        c.routes.get("/api/messages/{id}", messages::get);
        c.routes.get("/api/messages/{id}/attempts", messages::attempts);
        c.routes.post("/api/messages/{id}/retry", messages::retry);

        c.routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
        c.routes.exception(HttpResponseException.class, (e, ctx) -> {
            HttpStatus status = HttpStatus.forStatus(e.getStatus());
            ctx.status(e.getStatus()).json(new ApiException.ErrorJson(
                    status == HttpStatus.UNKNOWN ? "request refused" : status.getMessage().toLowerCase(Locale.ROOT), Map.of()));
        });
        c.routes.exception(Exception.class, (e, ctx) -> {
            // The exception's text may quote input (even a password): log it here, never send it.
            log.error("unexpected error on {} {}", ctx.method(), Texts.printable(ctx.path()), e);
            ctx.status(500).json(new ApiException.ErrorJson("internal error", Map.of()));
        });
    }

    private static void notImplemented(Context ctx) {
        throw new ApiException(501, "not implemented yet");
    }

    /** Who changed what, without bodies (they may hold passwords); DESIGN §2 wants changes audited. */
    private void auditWrite(Context ctx) {
        if (AdminAccess.isWrite(ctx.method())) {
            AdminAccess.user(ctx).ifPresent(user -> log.info("change by admin user {}: {} {} -> {}", user.username(), ctx.method(),
                    Texts.printable(ctx.path()), ctx.statusCode()));
        }
    }
}
