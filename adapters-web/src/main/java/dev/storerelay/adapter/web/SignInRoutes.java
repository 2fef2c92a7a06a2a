package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.AdminUser;
import dev.storerelay.application.port.in.AuthenticateAdminUseCase;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** {@code /admin/sign-in} and {@code /admin/sign-out}: the session of the admin page. */
final class SignInRoutes {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final AuthenticateAdminUseCase authentication;
    private final AdminSessions sessions;
    private final SignInThrottle throttle;
    private final AdminPageAccess access;

    SignInRoutes(AuthenticateAdminUseCase authentication, AdminSessions sessions, SignInThrottle throttle,
                 AdminPageAccess access) {
        this.authentication = authentication;
        this.sessions = sessions;
        this.throttle = throttle;
        this.access = access;
    }

    void form(Context ctx) {
        ctx.html(page("", null));
    }

    void signIn(Context ctx) {
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("").strip();
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        String address = ctx.ip();
        Optional<Instant> locked = throttle.lockedUntil(username, address);
        if (locked.isPresent()) {
            ctx.status(429).html(page(username, "Too many failed sign-ins. Sign-in is locked until "
                    + TIME.format(locked.get()) + "; try again after that."));
            return;
        }
        Optional<AdminUser> user = username.isEmpty() ? Optional.empty() : authentication.authenticate(username, password);
        if (user.isEmpty()) {
            throttle.failed(username, address);
            ctx.status(401).html(page(username, "The user name or password is wrong."));
            return;
        }
        throttle.succeeded(username);
        sessions.remove(ctx.cookie(AdminPageAccess.COOKIE));   // a fresh id on every sign-in (session fixation)
        AdminSessions.Session session = sessions.create(user.get());
        ctx.header("Set-Cookie", access.sessionCookie(ctx, session.id(), false));
        ctx.redirect(AdminLayout.SMTP_SERVER, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    void signOut(Context ctx) {
        sessions.remove(AdminPageAccess.session(ctx).id());
        ctx.header("Set-Cookie", access.sessionCookie(ctx, "", true));
        ctx.redirect(AdminPageAccess.SIGN_IN, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private static String page(String username, String error) {
        Html h = new Html();
        AdminLayout.notice(h, error, true);
        h.open("form", "method", "post", "action", AdminPageAccess.SIGN_IN, "class", "sign-in")
                .open("p").el("label", "User name", "for", "username")
                .open("input", "id", "username", "name", "username", "type", "text", "value", username,
                        "autocomplete", "username", "required", "required", "autofocus", "autofocus").close("p")
                .open("p").el("label", "Password", "for", "password")
                .open("input", "id", "password", "name", "password", "type", "password",
                        "autocomplete", "current-password", "required", "required").close("p")
                .open("p").el("button", "Sign in", "type", "submit").close("p")
                .close("form");
        return AdminLayout.page("Sign in", List.of(), null, h);
    }
}
