package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.application.port.in.SignInForRefreshTokenUseCase;
import dev.storerelay.application.port.in.SignInForRefreshTokenUseCase.Completion;
import dev.storerelay.application.port.in.SignInForRefreshTokenUseCase.Start;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.ReplyAdvice;
import dev.storerelay.domain.model.UnitId;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * "Sign in with …" for a unit's refresh token: {@code GET /admin/oauth2/sign-in?unit=} (a setup admin's session) begins
 * the authorization-code flow and sends the browser to the provider; {@code GET /admin/oauth2/callback} is where the
 * provider sends it back. The session cookie is {@code SameSite=Strict}, so that redirect from the provider's site
 * comes without it: the callback is completed from its {@code state} alone, which the application keeps server-side
 * with the unit, the admin and the PKCE verifier (unguessable, single use, ten minutes). Without a known state it says
 * nothing about any unit and changes nothing.
 */
final class OAuth2SignInRoutes {
    static final String START = AdminPageAccess.PREFIX + "/oauth2/sign-in";
    static final String CALLBACK = AdminPageAccess.PREFIX + "/oauth2/callback";
    static final String RESULT_ID = "sign-in-result";
    /** A host name or IP literal with an optional port, as the {@code Host} header carries them. */
    private static final Pattern HOST = Pattern.compile("(?:[A-Za-z0-9._-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}])(?::[0-9]{1,5})?");
    /** How much of a provider's error and description is shown: they come from the browser's address. */
    private static final int MAX_ECHO = 300;
    private static final String TITLE = "OAuth 2.0 sign-in";

    private final SignInForRefreshTokenUseCase signIn;
    private final ManageOrgUnitsUseCase units;
    private final boolean behindTls;

    /** @param behindTls the admin is reached over HTTPS through a TLS proxy ({@link WebConfig#secureCookies()}) */
    OAuth2SignInRoutes(SignInForRefreshTokenUseCase signIn, ManageOrgUnitsUseCase units, boolean behindTls) {
        this.signIn = signIn;
        this.units = units;
        this.behindTls = behindTls;
    }

    /**
     * Where the provider sends the browser back: the admin page's own origin as this browser reached it (scheme and
     * {@code Host}; {@code https} behind a TLS proxy) and {@link #CALLBACK}. Empty when the request names no usable host.
     */
    static Optional<URI> redirectUri(Context ctx, boolean behindTls) {
        String host = ctx.header("Host");
        if (host == null || !HOST.matcher(host).matches()) {
            return Optional.empty();
        }
        return Optional.of(URI.create((behindTls ? "https" : ctx.scheme()) + "://" + host + CALLBACK));
    }

    /** A plain link (GET): the redirect that follows a form post would be bound by the page's {@code form-action 'self'}. */
    void start(Context ctx) {
        AdminSessions.Session session = AdminPageAccess.session(ctx);
        if (!session.user().canSetup()) {
            throw AdminPageException.forbidden("Signing in for a refresh token requires the setup permission. If you do "
                    + "not have access, contact your administrator.");
        }
        OrgUnit unit = QueryParams.existingUnit(units.listUnits(), ctx.queryParam("unit"));
        URI redirectUri = redirectUri(ctx, behindTls)
                .orElseThrow(() -> AdminPageException.badRequest("The request names no valid host to come back to."));
        Start start = signIn.start(unit.id(), redirectUri, session.user().username());
        if (start instanceof Start.Redirect redirect) {
            ctx.redirect(redirect.authorizationUrl().toString(), HttpStatus.SEE_OTHER);
            return;
        }
        if (start instanceof Start.Unavailable unavailable) {
            ctx.status(409).html(page(backTo(unit.id(), new Result(
                    "Cannot sign in for " + unit.name() + " (" + unit.id() + "): " + unavailable.reason(), true, null,
                    null, null, null))));
            return;
        }
        throw AdminPageException.notFound("There is no unit " + unit.id() + ".");
    }

    /** The provider's redirect back, with {@code code} and {@code state}, or {@code error} (RFC 6749 §4.1.2). */
    void callback(Context ctx) {
        String state = ctx.queryParam("state");
        String error = ctx.queryParam("error");
        Completion completion = error != null
                ? signIn.refused(state, echo(error), ctx.queryParam("error_description") == null ? null
                        : echo(ctx.queryParam("error_description")))
                : signIn.complete(state, ctx.queryParam("code"));
        if (completion instanceof Completion.Stored stored) {
            ctx.html(page(stored(stored)));
        } else if (completion instanceof Completion.Failed failed) {
            ctx.status(400).html(page(failed(failed)));
        } else {
            ctx.status(400).html(page(new Result("This sign-in is unknown, was already completed, or took longer than "
                    + SignInForRefreshTokenUseCase.LIFETIME.toMinutes() + " minutes. Nothing was changed. "
                    + "Begin again with Sign in with … on the SMTP Server page.", true, null, null,
                    AdminLayout.SMTP_SERVER, "Back to the SMTP Server page")));
        }
    }

    /**
     * What {@code oauth2SignIn.jte} shows: the outcome, a warning and the advice where there are ({@code null}
     * otherwise), and the way back.
     */
    record Result(String message, boolean error, String warning, ReplyAdvice advice, String backHref,
                  String backLabel) {
    }

    private Result stored(Completion.Stored stored) {
        String message = stored.account()
                .map(account -> "Signed in as " + account + "; the refresh token is stored.")
                .orElse("Signed in; the refresh token is stored (the provider did not say which account signed in).");
        String warning = stored.otherAccount() ? "You signed in as " + stored.account().orElseThrow()
                + ", but this unit sends as " + stored.mailbox() + " (its SMTP Server Login). The provider's tokens are "
                + "for the account that signed in: sign in again as " + stored.mailbox() + ", or make that account the "
                + "login." : null;
        return backTo(stored.unit(), new Result(message, false, warning, null, null, null));
    }

    private Result failed(Completion.Failed failed) {
        return backTo(failed.unit(), new Result("No refresh token was stored. " + failed.message(), true, null,
                failed.advice().orElse(null), null, null));
    }

    /** The result with the way back to the unit: a same-site navigation, so the session cookie comes along again. */
    private Result backTo(UnitId unit, Result result) {
        String name = units.listUnits().stream().filter(u -> u.id().equals(unit)).map(OrgUnit::name).findFirst()
                .orElse(unit.value());
        return new Result(result.message(), result.error(), result.warning(), result.advice(),
                AdminLayout.SMTP_SERVER + "?unit=" + unit, "Back to the SMTP Server page of " + name + " (" + unit + ")");
    }

    private static String page(Result result) {
        return AdminLayout.page(TITLE, List.of(), null, Templates.content("oauth2SignIn.jte",
                Templates.params("result", result)));
    }

    /** The provider's words as it sent them, cut short and with control characters escaped. */
    private static String echo(String untrusted) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < untrusted.length() && out.length() < MAX_ECHO; i++) {
            char c = untrusted.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return out.toString();
    }
}
