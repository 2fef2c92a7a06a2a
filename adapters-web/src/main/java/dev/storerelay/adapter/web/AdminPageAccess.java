package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.AdminUser;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs before every {@code /admin} request: the page security headers, the session cookie, the CSRF token of
 * every POST and the setup permission of every POST. {@code /api} accepts the same session besides HTTP Basic
 * ({@link AdminAccess}, README, *Admin JSON API*), so the cookie is sent for the whole site.
 */
final class AdminPageAccess {
    static final String PREFIX = "/admin";
    static final String SIGN_IN = PREFIX + "/sign-in";
    static final String SIGN_OUT = PREFIX + "/sign-out";
    static final String ASSETS = PREFIX + "/assets/";
    static final String COOKIE = "store_relay_session";
    static final String CSRF_FIELD = "csrf";
    /** Where a write through {@code /api} made with the admin page's session carries the session's CSRF token. */
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; "
            + "form-action 'self'; base-uri 'none'";
    static final String SESSION_ATTRIBUTE = "storeRelay.adminSession";

    private final AdminSessions sessions;
    private final boolean secureCookies;
    private final Function<String, Optional<AdminUser>> currentUser;

    /** @param currentUser the user as stored now, by name: a removed or demoted user loses its rights at once */
    AdminPageAccess(AdminSessions sessions, boolean secureCookies, Function<String, Optional<AdminUser>> currentUser) {
        this.sessions = sessions;
        this.secureCookies = secureCookies;
        this.currentUser = currentUser;
    }

    static boolean isAdminPath(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /**
     * The page's security headers, set first so that every answer has them, refusals too. The referrer policy sends
     * nothing to other sites; to this one it sends the page's origin, which its form posts need to show where they
     * come from ({@code no-referrer} would make browsers send {@code Origin: null}: Fetch Standard, "append a
     * request Origin header").
     */
    void pageHeaders(Context ctx) {
        if (isAdminPath(ctx.path())) {
            ctx.header("Content-Security-Policy", CSP);
            ctx.header("Referrer-Policy", "same-origin");
        }
    }

    void check(Context ctx) {
        if (!isAdminPath(ctx.path())) {
            return;
        }
        if (ctx.path().startsWith(ASSETS) || ctx.path().equals(SIGN_IN)) {
            return;   // the sign-in form and its style are for signed-out browsers; sign-in has its own checks
        }
        if (ctx.path().equals(OAuth2SignInRoutes.CALLBACK) && HandlerType.GET.equals(ctx.method())) {
            // The provider's redirect back is a cross-site navigation, which brings no SameSite=Strict cookie: it is
            // completed from its state alone, which a signed-in setup admin began (OAuth2SignInRoutes).
            return;
        }
        AdminSessions.Session session = signedIn(ctx).orElseThrow(() -> AdminPageException.redirect(SIGN_IN));
        ctx.attribute(SESSION_ATTRIBUTE, session);
        ctx.attribute(AdminAccess.USER_ATTRIBUTE, session.user());
        if (AdminAccess.isWrite(ctx.method())) {
            // The token first: a forged request learns nothing, not even whether the user may write.
            if (!carriesToken(session, ctx.formParam(CSRF_FIELD))) {
                throw AdminPageException.forbidden("The form has expired or did not come from this page. Reload the page and try again.");
            }
            if (!session.user().canSetup() && !ctx.path().equals(SIGN_OUT)) {
                throw AdminPageException.forbidden("Changing settings requires the setup permission. If you do not have access, contact your administrator.");
            }
        }
    }

    /**
     * The live session of the request's cookie, with its user as stored now; empty without a cookie, for an unknown
     * or expired session, or when the user was removed or its password changed since the session signed in (either
     * ends the session: whoever knew the old password must not stay signed in with it).
     */
    Optional<AdminSessions.Session> signedIn(Context ctx) {
        AdminSessions.Session found = sessions.find(ctx.cookie(COOKIE)).orElse(null);
        if (found == null) {
            return Optional.empty();
        }
        AdminUser now = currentUser.apply(found.user().username()).orElse(null);
        if (now == null || !now.credentialStamp().equals(found.user().credentialStamp())) {
            sessions.remove(found.id());
            return Optional.empty();
        }
        return Optional.of(now.equals(found.user()) ? found : sessions.withUser(found, now));
    }

    /**
     * After a change of {@code username} by this request: when the request's own session belongs to that user, the
     * session takes the user as stored now, so changing one's own password keeps the session that did it (every
     * other session of the user ends at its next request, {@link #signedIn}).
     */
    void keepOwnSessionAfterChange(Context ctx, String username) {
        AdminSessions.Session own = ctx.attribute(SESSION_ATTRIBUTE);
        if (own != null && own.user().username().equals(username)) {
            currentUser.apply(username).ifPresent(now -> sessions.withUser(own, now));
        }
    }

    /** Whether {@code given} is the session's CSRF token; compared in constant time. */
    static boolean carriesToken(AdminSessions.Session session, String given) {
        return given != null && MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    /** The session of this admin page request (set by {@link #check}). */
    static AdminSessions.Session session(Context ctx) {
        return Optional.<AdminSessions.Session>ofNullable(ctx.attribute(SESSION_ATTRIBUTE))
                .orElseThrow(() -> new IllegalStateException("no admin session on " + ctx.path()));
    }

    /** HttpOnly against script theft, SameSite=Strict against cross-site posts, Secure over HTTPS or when configured. */
    String sessionCookie(Context ctx, String value, boolean expire) {
        return cookie(ctx, COOKIE, value, "/", expire ? 0 : -1);
    }

    /**
     * A {@code Set-Cookie} value with this page's flags: HttpOnly, SameSite=Strict, Secure over HTTPS or when
     * configured. {@code maxAgeSeconds} negative: until the browser closes; 0: remove the cookie.
     */
    String cookie(Context ctx, String name, String value, String path, long maxAgeSeconds) {
        StringBuilder cookie = new StringBuilder(name).append('=').append(value)
                .append("; Path=").append(path).append("; HttpOnly; SameSite=Strict");
        if (maxAgeSeconds >= 0) {
            cookie.append("; Max-Age=").append(maxAgeSeconds);
        }
        if (secureCookies || "https".equalsIgnoreCase(ctx.scheme())) {
            cookie.append("; Secure");
        }
        return cookie.toString();
    }
}
