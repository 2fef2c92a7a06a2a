package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.AdminUser;
import dev.storerelay.application.port.in.AuthenticateAdminUseCase;
import dev.storerelay.application.port.in.AuthenticationResult;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code /admin/sign-in} and {@code /admin/sign-out}: the session of the admin page. The sign-in form carries a token
 * that must match a same-site cookie set with the form (double submit), so another site cannot sign a browser in to
 * an account of its choosing (login CSRF). Password guessing is slowed down by the use case, per user name and client
 * address; a throttled sign-in is answered with {@code 429} and the time to try again.
 */
final class SignInRoutes {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    static final String FORM_COOKIE = "store-relay-sign-in";
    private static final int FORM_MINUTES = 30;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AuthenticateAdminUseCase authentication;
    private final AdminSessions sessions;
    private final AdminPageAccess access;

    SignInRoutes(AuthenticateAdminUseCase authentication, AdminSessions sessions, AdminPageAccess access) {
        this.authentication = authentication;
        this.sessions = sessions;
        this.access = access;
    }

    void form(Context ctx) {
        ctx.html(page("", null, formToken(ctx)));
    }

    void signIn(Context ctx) {
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("").strip();
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        String expected = ctx.cookie(FORM_COOKIE);
        String given = ctx.formParam(AdminPageAccess.CSRF_FIELD);
        if (expected == null || given == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8))) {
            ctx.status(403).html(page(username, "The sign-in form has expired or did not come from this page; "
                    + "please sign in again.", formToken(ctx)));
            return;
        }
        AuthenticationResult<AdminUser> result = username.isEmpty() ? new AuthenticationResult.Refused<>()
                : authentication.authenticate(username, password, AdminAccess.clientAddress(ctx));
        if (result instanceof AuthenticationResult.Throttled) {
            ctx.status(429).html(page(username, "Too many failed sign-ins for this user name from your address. "
                    + "Try again after " + TIME.format(((AuthenticationResult.Throttled<AdminUser>) result).until()) + ".",
                    formToken(ctx)));
            return;
        }
        Optional<AdminUser> user = result.authenticated();
        if (user.isEmpty()) {
            ctx.status(401).html(page(username, "The user name or password is wrong.", formToken(ctx)));
            return;
        }
        sessions.remove(ctx.cookie(AdminPageAccess.COOKIE));   // a fresh id on every sign-in (session fixation)
        AdminSessions.Session session = sessions.create(user.get());
        ctx.res().addHeader("Set-Cookie", access.sessionCookie(ctx, session.id(), false));
        ctx.res().addHeader("Set-Cookie", formCookie(ctx, "", true));
        ctx.redirect(AdminLayout.STORES, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    void signOut(Context ctx) {
        sessions.remove(AdminPageAccess.session(ctx).id());
        ctx.header("Set-Cookie", access.sessionCookie(ctx, "", true));
        ctx.redirect(AdminPageAccess.SIGN_IN, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** A fresh token for the sign-in form, also set as the cookie it must match. */
    private String formToken(Context ctx) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ctx.res().addHeader("Set-Cookie", formCookie(ctx, token, false));
        return token;
    }

    private String formCookie(Context ctx, String value, boolean expire) {
        return access.cookie(ctx, FORM_COOKIE, value, AdminPageAccess.SIGN_IN, expire ? 0 : FORM_MINUTES * 60L);
    }

    /** The sign-in page ({@code signIn.jte}). */
    private static String page(String username, String error, String formToken) {
        return AdminLayout.page("Sign in", List.of(), null, Templates.content("signIn.jte",
                Templates.params("username", username, "error", error, "formToken", formToken)));
    }
}
