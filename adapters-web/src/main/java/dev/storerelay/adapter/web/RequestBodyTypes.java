package dev.storerelay.adapter.web;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The media types a write to {@code /api} may declare in {@code Content-Type}. Every write route takes
 * {@link #JSON}; a route that takes more names its set as a route role, e.g.
 * {@code c.routes.post("/api/import", importer::run, RequestBodyTypes.JSON.and("text/csv"))}.
 *
 * <p>Why a write without one of them is refused even when it has no body: a page of another site can make a browser
 * send a form or a {@code no-cors} fetch only as {@code application/x-www-form-urlencoded}, {@code multipart/form-data},
 * {@code text/plain} or with no type at all (the CORS-safelisted ones); anything else needs a CORS preflight, which
 * this server never grants. So no write of another site reaches a handler, whatever credentials the browser adds.
 * Never add one of those three to a route.
 */
record RequestBodyTypes(List<String> mediaTypes) implements RouteRole {
    static final RequestBodyTypes JSON = new RequestBodyTypes(List.of("application/json", "application/merge-patch+json"));
    static final String CONTENT_TYPE = "Content-Type";

    RequestBodyTypes {
        mediaTypes = List.copyOf(mediaTypes);
        if (mediaTypes.isEmpty()) {
            throw new IllegalArgumentException("a write route accepts at least one media type");
        }
    }

    /** These types and one more. */
    RequestBodyTypes and(String mediaType) {
        Set<String> more = new LinkedHashSet<>(mediaTypes);
        more.add(Objects.requireNonNull(mediaType, "mediaType").toLowerCase(Locale.ROOT));
        return new RequestBodyTypes(List.copyOf(more));
    }

    /** Whether a {@code Content-Type} header names one of these types (parameters such as charset aside). */
    boolean accepts(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return mediaTypes.contains(type);
    }

    /** Before a matched {@code /api} write: 415 unless its {@code Content-Type} is one its route accepts. */
    static void check(Context ctx) {
        if (!ctx.path().startsWith(AdminAccess.API_PREFIX) || !AdminAccess.isWrite(ctx.method())) {
            return;
        }
        RequestBodyTypes accepted = ctx.routeRoles().stream().filter(RequestBodyTypes.class::isInstance)
                .map(RequestBodyTypes.class::cast).findFirst().orElse(JSON);
        if (!accepted.accepts(ctx.header(CONTENT_TYPE))) {
            String types = String.join(" or ", accepted.mediaTypes());
            throw new ApiException(415, "unsupported media type: send the body with Content-Type: " + types,
                    Map.of(CONTENT_TYPE, "Must be " + types + "."));
        }
    }
}
