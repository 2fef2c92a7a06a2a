package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.storerelay.application.port.in.AdminUser;
import dev.storerelay.domain.model.Texts;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin web: the JSON API (README, *Admin JSON API*) and the server-rendered admin page under {@code /admin}, on Javalin. Built without I/O; {@link #start()} binds the port and
 * {@link #stop()} releases it.
 */
public final class WebServer {
    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    /** The MDC key of a message's queue id, as the relay's delivery threads name it. */
    private static final String QUEUE_ID = "queueId";
    /** {@code /api/messages/17/retry}, {@code /admin/delivery-log/17/discard} and the like. */
    private static final Pattern MESSAGE_ACTION = Pattern.compile(
            "(?:/api/messages|" + Pattern.quote(AdminLayout.DELIVERY_LOG) + ")/(\\d{1,18})/(?:retry|discard)");
    /**
     * Room for an import of thousands of units (about 200 bytes a unit, more with certificates); only a signed-in
     * admin gets as far as a body being read.
     */
    private static final long MAX_REQUEST_BYTES = 8 * 1024 * 1024;

    private final WebConfig config;
    private final ObjectMapper mapper = JacksonJsonMapper.newObjectMapper();
    private final AdminAccess access;
    private final AdminPageAccess pageAccess;
    private final CrossSiteRequests crossSite;
    private final RequestActingUser actingUser;
    private final ApiRoutes api;
    private final AdminPages pages;
    private Javalin app;

    public WebServer(WebConfig config, UnitUseCases units, MailUseCases mail, AdminUserUseCases admins,
                     RequestActingUser actingUser, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.actingUser = Objects.requireNonNull(actingUser, "actingUser");
        Objects.requireNonNull(clock, "clock");
        AdminSessions sessions = new AdminSessions(clock);
        this.pageAccess = new AdminPageAccess(sessions, config.secureCookies(), admins.users()::user);
        this.crossSite = new CrossSiteRequests(config.secureCookies());
        this.access = new AdminAccess(admins.authentication(), pageAccess, clock);
        this.api = new ApiRoutes(units, mail, admins, pageAccess, mapper);
        this.pages = new AdminPages(config, units, mail, admins, sessions, pageAccess, mapper, clock);
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
        // /api signs in with HTTP Basic or the page's session (AdminAccess), /admin with the session (AdminPageAccess).
        c.routes.before(access::secureHeaders);
        c.routes.before(pageAccess::pageHeaders);
        c.routes.before(crossSite::check);
        c.routes.before(access::authorize);
        c.routes.before(pageAccess::check);
        // After authorize (a stranger learns nothing); needs the matched route, which may accept more than JSON.
        c.routes.beforeMatched(RequestBodyTypes::check);
        // The audit trail names whoever this request signed in as; Jetty serves a request on one thread.
        c.routes.before(ctx -> actingUser.set(AdminAccess.user(ctx).map(AdminUser::username).orElse(null)));
        c.routes.after(this::auditWrite);
        c.routes.after(ctx -> actingUser.clear());

        api.register(c);
        pages.register(c);

        c.routes.exception(AdminPageException.class, WebServer::adminRefusal);
        c.routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
        c.routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (AdminPageAccess.isAdminPath(ctx.path())) {
                refusalPage(ctx, e.getStatus(), e.getStatus() == 404 ? "There is no such page." : "The request was refused.");
                return;
            }
            HttpStatus status = HttpStatus.forStatus(e.getStatus());
            ctx.status(e.getStatus()).json(new ApiException.ErrorJson(
                    status == HttpStatus.UNKNOWN ? "request refused" : status.getMessage().toLowerCase(Locale.ROOT), Map.of()));
        });
        c.routes.exception(Exception.class, (e, ctx) -> {
            // The exception's text may quote input (even a password): log it here, never send it.
            log.error("unexpected error on {} {}", ctx.method(), Texts.printable(ctx.path()), e);
            if (AdminPageAccess.isAdminPath(ctx.path())) {
                refusalPage(ctx, 500, "Something went wrong on the server; the details are in its log.");
                return;
            }
            ctx.status(500).json(new ApiException.ErrorJson("internal error", Map.of()));
        });
    }

    /** A redirect, or a refusal as a small page (the admin page speaks HTML, not the API's JSON). */
    private static void adminRefusal(AdminPageException e, Context ctx) {
        if (e.location() != null) {
            ctx.redirect(e.location(), HttpStatus.SEE_OTHER);
            return;
        }
        refusalPage(ctx, e.status(), e.getMessage());
    }

    private static void refusalPage(Context ctx, int status, String message) {
        ctx.status(status).html(AdminLayout.page(status == 403 ? "Not allowed" : "Cannot show this page",
                List.of(), null, Templates.content("refusal.jte", Templates.params("message", message))));
    }

    /**
     * Who changed what, without bodies (they may hold passwords); every change is audited (README, *Security*). A retry or discard
     * of a message names it in the MDC too, so the line belongs to the message's life in the log.
     */
    private void auditWrite(Context ctx) {
        if (AdminAccess.isWrite(ctx.method())) {
            Matcher message = MESSAGE_ACTION.matcher(ctx.path());
            boolean aboutAMessage = message.matches();
            if (aboutAMessage) {
                MDC.put(QUEUE_ID, message.group(1));
            }
            try {
                AdminAccess.user(ctx).ifPresent(user -> log.info("change by admin user {}: {} {} -> {}", user.username(),
                        ctx.method(), Texts.printable(ctx.path()), ctx.statusCode()));
            } finally {
                if (aboutAMessage) {
                    MDC.remove(QUEUE_ID);
                }
            }
        }
    }
}
