package dev.storerelay.adapter.web;

import io.javalin.http.Context;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses writes that a browser makes for another site (CSRF), under {@code /api} and {@code /admin} alike. The
 * session cookie is SameSite=Strict and the page's forms carry a token, but HTTP Basic credentials a browser has
 * remembered go along with any request to this origin, even a form that another site submits. Browsers say where a
 * request comes from in headers a page cannot forge: Fetch Metadata ({@code Sec-Fetch-Site}) and {@code Origin}.
 * Clients that are not browsers (curl, scripts) send neither and are not affected.
 */
final class CrossSiteRequests {
    static final String SEC_FETCH_SITE = "Sec-Fetch-Site";
    static final String ORIGIN = "Origin";
    private static final String SAME_ORIGIN = "same-origin";
    /**
     * The admin page is served by this very origin, so everything it sends says {@code same-origin}; {@code none} is
     * a request the user made (address bar, bookmark). {@code same-site} is refused: a site is the scheme and the
     * registrable domain without the port, so another service on the same host (127.0.0.1:3000) or a sibling
     * subdomain is "same-site" and just as foreign to this page as any other site.
     */
    private static final Set<String> OWN_SITE = Set.of(SAME_ORIGIN, "none");
    private static final String NULL_ORIGIN = "null";

    private final boolean behindTls;

    /** @param behindTls the admin is reached over HTTPS through a TLS-terminating proxy ({@link WebConfig#secureCookies()}) */
    CrossSiteRequests(boolean behindTls) {
        this.behindTls = behindTls;
    }

    /** Before every request: a cross-site write is refused with 403 (an HTML page under /admin, JSON elsewhere). */
    void check(Context ctx) {
        if (!AdminAccess.isWrite(ctx.method())) {
            return;
        }
        Optional<String> refusal = refusal(ctx.header(SEC_FETCH_SITE), ctx.header(ORIGIN), ctx.scheme(), ctx.header("Host"));
        if (refusal.isEmpty()) {
            return;
        }
        if (AdminPageAccess.isAdminPath(ctx.path())) {
            throw AdminPageException.forbidden("This form was sent from another site, so it was not accepted. "
                    + "Open the admin page itself and try again.");
        }
        throw new ApiException(403, "cross-site request refused: " + refusal.get());
    }

    /**
     * Why a write with these headers counts as cross-site; empty when it does not.
     *
     * @param scheme the scheme the request arrived with
     * @param host   the request's {@code Host} header: this origin as the client addressed it
     */
    Optional<String> refusal(String secFetchSite, String origin, String scheme, String host) {
        if (secFetchSite != null && !OWN_SITE.contains(secFetchSite.strip().toLowerCase(Locale.ROOT))) {
            return Optional.of(SEC_FETCH_SITE + " is " + secFetchSite.strip());
        }
        if (origin == null) {
            return Optional.empty();
        }
        if (NULL_ORIGIN.equals(origin.strip())) {
            // An opaque origin (sandboxed frame, data: URL) - or a page of ours whose referrer policy hides its
            // origin; only Fetch Metadata can tell the two apart.
            return secFetchSite != null && SAME_ORIGIN.equalsIgnoreCase(secFetchSite.strip())
                    ? Optional.empty() : Optional.of("Origin is null");
        }
        Optional<String> given = normalised(origin.strip());
        boolean own = given.isPresent() && (given.equals(normalised(scheme + "://" + host))
                || behindTls && given.equals(normalised("https://" + host)));
        return own ? Optional.empty() : Optional.of("Origin is not this server's own origin");
    }

    /** {@code scheme://host:port} in lower case with the port written out; empty when it is no such origin. */
    private static Optional<String> normalised(String origin) {
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme();
            String host = uri.getHost();
            boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty();
            if (scheme == null || host == null || uri.getRawUserInfo() != null || !bare || uri.getRawQuery() != null) {
                return Optional.empty();
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
            return Optional.of(scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
