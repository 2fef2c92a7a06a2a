package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.AdminUser;
import dev.storerelay.application.port.in.AuthenticateAdminUseCase;
import dev.storerelay.application.port.in.AuthenticationResult;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Runs before every request: sets the protective response headers, signs the caller in with HTTP Basic or the
 * admin page's session (README, *Admin JSON API*) and demands the setup permission for writes (README, *Security*: view may read, setup may
 * change). A write with the session must carry the session's CSRF token in {@link AdminPageAccess#CSRF_HEADER}, on
 * top of the cookie's SameSite=Strict.
 */
final class AdminAccess {
    static final String REALM_CHALLENGE = "Basic realm=\"store-relay\", charset=\"UTF-8\"";
    static final String API_PREFIX = "/api/";
    private static final List<String> FETCH_METADATA = List.of("Sec-Fetch-Site", "Sec-Fetch-Mode", "Sec-Fetch-Dest",
            "Sec-Fetch-User");
    static final String USER_ATTRIBUTE = "storeRelay.adminUser";
    private static final String BASIC_PREFIX = "basic ";
    // HandlerType is a record in Javalin 7: compare by equality, not identity. Anything else counts as a write.
    private static final Set<HandlerType> SAFE_METHODS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final AuthenticateAdminUseCase authentication;
    private final AdminPageAccess sessions;
    private final Clock clock;

    AdminAccess(AuthenticateAdminUseCase authentication, AdminPageAccess sessions, Clock clock) {
        this.authentication = authentication;
        this.sessions = sessions;
        this.clock = clock;
    }

    void secureHeaders(Context ctx) {
        // Answers carry settings and the delivery log: never cache them, never sniff or frame them.
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
    }

    void authorize(Context ctx) {
        if (AdminPageAccess.isAdminPath(ctx.path())) {
            return;   // the admin page signs in with a session instead (AdminPageAccess)
        }
        String authorization = ctx.header("Authorization");
        AdminUser user = authorization != null ? fromBasic(ctx, authorization) : fromSession(ctx);
        if (user == null) {
            // A Basic challenge makes a browser ask for a password and then send it by itself with every later
            // request to this origin, even one another site triggers. Browsers sign in on the admin page instead;
            // other clients get the challenge RFC 9110 §11.6.1 asks for (curl -u sends credentials anyway).
            if (!looksLikeBrowser(ctx::header)) {
                ctx.header("WWW-Authenticate", REALM_CHALLENGE);
            }
            throw new ApiException(401, "authentication required");
        }
        ctx.attribute(USER_ATTRIBUTE, user);
        if (isWrite(ctx.method()) && !user.canSetup()) {
            throw new ApiException(403, "changing settings needs the setup permission");
        }
    }

    /** The user of explicit HTTP Basic credentials; null when they are wrong; 429 while their guessing is throttled. */
    private AdminUser fromBasic(Context ctx, String authorization) {
        Credentials given = credentials(authorization).orElse(null);
        if (given == null) {
            return null;
        }
        AuthenticationResult<AdminUser> result = authentication.authenticate(given.username(), given.password(),
                clientAddress(ctx));
        if (result instanceof AuthenticationResult.Throttled) {
            Instant until = ((AuthenticationResult.Throttled<AdminUser>) result).until();
            ctx.header("Retry-After", Long.toString(secondsUntil(until)));     // RFC 9110 §10.2.3
            throw new ApiException(429, "too many failed sign-ins for this user name from your address; try again after "
                    + until);
        }
        return result.authenticated().orElse(null);
    }

    /** Whole seconds from now until {@code until}, rounded up, at least 1. */
    private long secondsUntil(Instant until) {
        long millis = Duration.between(clock.instant(), until).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /**
     * The address of the connection the request came on: what guessing is throttled by. Never a header such as
     * {@code X-Forwarded-For}, which any client can write.
     */
    static String clientAddress(Context ctx) {
        return ctx.req().getRemoteAddr();
    }

    /** The admin page's signed-in user; a write needs the session's CSRF token as well. Null when not signed in. */
    private AdminUser fromSession(Context ctx) {
        AdminSessions.Session session = sessions.signedIn(ctx).orElse(null);
        if (session == null) {
            return null;
        }
        if (isWrite(ctx.method()) && !AdminPageAccess.carriesToken(session, ctx.header(AdminPageAccess.CSRF_HEADER))) {
            throw new ApiException(403, "a write with the admin page's session needs its CSRF token in "
                    + AdminPageAccess.CSRF_HEADER);
        }
        ctx.attribute(AdminPageAccess.SESSION_ATTRIBUTE, session);
        return session.user();
    }

    /** The signed-in user of this request, if the request got that far. */
    static Optional<AdminUser> user(Context ctx) {
        return Optional.ofNullable(ctx.attribute(USER_ATTRIBUTE));
    }

    /**
     * Whether a request shows the marks of a browser: Fetch Metadata (sent by every current browser), an
     * {@code Origin}, or an {@code Accept} that asks for HTML (a navigation in an older browser).
     */
    static boolean looksLikeBrowser(UnaryOperator<String> header) {
        if (FETCH_METADATA.stream().anyMatch(name -> header.apply(name) != null) || header.apply("Origin") != null) {
            return true;
        }
        String accept = header.apply("Accept");
        if (accept == null) {
            return false;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            if (parts[0].strip().equalsIgnoreCase("text/html") && Arrays.stream(parts).skip(1)
                    .map(p -> p.strip().toLowerCase(Locale.ROOT)).noneMatch(p -> p.matches("q=0(\\.0*)?"))) {
                return true;
            }
        }
        return false;
    }

    static boolean isWrite(HandlerType method) {
        return !SAFE_METHODS.contains(method);
    }

    /** RFC 7617: {@code Basic base64(user ":" password)}, UTF-8; the user name cannot contain a colon. */
    static Optional<Credentials> credentials(String header) {
        if (header == null || header.length() <= BASIC_PREFIX.length()
                || !header.substring(0, BASIC_PREFIX.length()).toLowerCase(Locale.ROOT).equals(BASIC_PREFIX)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(BASIC_PREFIX.length()).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[" + username + ", ******]";
        }
    }
}
