package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.StoreOverview;
import dev.storerelay.application.port.in.StoresOverviewUseCase;
import dev.storerelay.application.port.in.StoresPage;
import dev.storerelay.application.port.in.StoresQuery;
import dev.storerelay.application.port.in.StoresQuery.StoreSort;
import dev.storerelay.domain.model.StoreMail;
import dev.storerelay.domain.model.UnitId;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The stores overview: {@code GET /api/stores/status}, {@code POST /api/units/{id}/retry-deferred}, and the page
 * {@code /admin/stores} (the landing page after sign-in) with its retry action.
 */
final class StoresRoutes {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 5000;
    /** The header of {@code GET /api/stores/status} that tells how many stores match over all pages. */
    static final String TOTAL_HEADER = "X-Total-Count";

    private final StoresOverviewUseCase stores;
    private final Clock clock;

    StoresRoutes(StoresOverviewUseCase stores, Clock clock) {
        this.stores = stores;
        this.clock = clock;
    }

    void register(JavalinConfig c) {
        c.routes.get("/api/stores/status", this::status);
        c.routes.post("/api/units/{id}/retry-deferred", this::retryDeferred);
        c.routes.get(AdminLayout.STORES, this::page);
        c.routes.post(AdminLayout.STORES + "/{id}/retry-deferred", this::retryDeferredFromPage);
    }

    /** One store as the API shows it (README, *Admin JSON API*); instants are ISO-8601 text, absent values {@code null}. */
    record StoreJson(String unitId, String name, String status, String since, String server, boolean inherited,
                     String inheritedFrom, String authentication, CountsJson counts, Long oldestWaitingSeconds,
                     String lastOutcome, String lastAttemptAt, String lastReply, String advice) {
        static StoreJson of(StoreOverview s, Instant now) {
            StoreMail mail = s.mail();
            return new StoreJson(s.unitId().value(), s.name(), s.status().name(), text(s.since()), s.server(),
                    s.inherited(), s.inheritedFrom() == null ? null : s.inheritedFrom().value(),
                    s.authentication() == null ? null : s.authentication().name(),
                    new CountsJson(mail.queued(), mail.deferred(), mail.held(), mail.failed24h()),
                    s.oldestWaiting() == null ? null : Math.max(0, Duration.between(s.oldestWaiting(), now).toSeconds()),
                    mail.lastOutcome() == null ? null : mail.lastOutcome().name(), text(mail.lastOutcomeAt()),
                    mail.lastReply(), s.advice());
        }

        private static String text(Instant at) {
            return at == null ? null : at.toString();
        }
    }

    record CountsJson(int queued, int deferred, int held, int failed24h) {
    }

    void status(Context ctx) {
        Map<String, String> errors = new LinkedHashMap<>();
        StoresQuery query = query(ctx.queryParam("problems"), ctx.queryParam("q"), ctx.queryParam("sort"),
                QueryParams.number(ctx.queryParam("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT, "limit", errors),
                QueryParams.offset(ctx.queryParam("offset"), errors), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        StoresPage page = stores.stores(query);
        Instant now = clock.instant();
        ctx.header(TOTAL_HEADER, Integer.toString(page.matching()));
        ctx.json(page.stores().stream().map(s -> StoreJson.of(s, now)).toList());
    }

    /** The query of the API and the page alike; a bad value adds to {@code errors} and its default is used. */
    static StoresQuery query(String problems, String search, String sort, int limit, int offset, Map<String, String> errors) {
        boolean problemsOnly = false;
        if (problems != null && !problems.isEmpty()) {
            if (problems.equals("true") || problems.equals("false")) {
                problemsOnly = problems.equals("true");
            } else {
                errors.put("problems", "Enter true or false.");
            }
        }
        String text = search == null ? "" : search.strip();
        if (text.length() > 200) {
            errors.put("q", "Enter at most 200 characters.");
            text = "";
        }
        StoreSort order = StoreSort.STATUS;
        if (sort != null && !sort.isEmpty()) {
            try {
                order = StoreSort.valueOf(sort.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.put("sort", "Enter one of " + Arrays.stream(StoreSort.values())
                        .map(s -> s.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ".");
            }
        }
        return new StoresQuery(problemsOnly, text, order, limit, offset);
    }

    record RetriedJson(int retried) {
    }

    void retryDeferred(Context ctx) {
        UnitId unit = PathParams.unitId(ctx);
        OptionalInt retried = stores.retryDeferred(unit);
        if (retried.isEmpty()) {
            throw new ApiException(404, "unit not found", Map.of());
        }
        ctx.json(new RetriedJson(retried.getAsInt()));
    }

    void page(Context ctx) {
        Map<String, String> errors = new LinkedHashMap<>();
        int pageNumber = QueryParams.page(ctx.queryParam("page"));
        StoresQuery query = pageQuery(ctx, pageNumber, errors);
        if (!errors.isEmpty()) {
            ctx.status(400);
        }
        String notice = errors.isEmpty() ? doneNotice(ctx) : String.join(" ", errors.values());
        ctx.html(AdminLayout.page("Stores", StoresOverviewPage.BREADCRUMB, AdminPageAccess.session(ctx),
                StoresOverviewPage.content(AdminPageAccess.session(ctx), filter(query, pageNumber), stores.stores(query),
                        clock.instant(), notice, !errors.isEmpty())));
    }

    /** The page's query from the request; a bad value adds to {@code errors} and its default is used. */
    private static StoresQuery pageQuery(Context ctx, int pageNumber, Map<String, String> errors) {
        return query(ctx.queryParam("problems"), ctx.queryParam("q"), ctx.queryParam("sort"), StoresOverviewPage.PAGE_SIZE,
                (pageNumber - 1) * StoresOverviewPage.PAGE_SIZE, errors);
    }

    private static StoresOverviewPage.Filter filter(StoresQuery query, int pageNumber) {
        return new StoresOverviewPage.Filter(query.problemsOnly(), query.search(), query.sort(), pageNumber);
    }

    /** What the retry the page redirected from did; {@code null} when the parameters do not say (or are not ours). */
    private static String doneNotice(Context ctx) {
        String store = ctx.queryParam("store");
        int retried = QueryParams.number(ctx.queryParam("retried"), -1, 0, Integer.MAX_VALUE, "retried", new LinkedHashMap<>());
        if (retried < 0 || store == null || !UnitId.isValid(store)) {
            return null;
        }
        return retried == 0 ? "No deferred mail of " + store + " could be retried now (none waits, or it is being tried)."
                : retried + " deferred message(s) of " + store + " will be tried now.";
    }

    void retryDeferredFromPage(Context ctx) {
        String raw = ctx.pathParam("id");
        if (!UnitId.isValid(raw)) {
            throw AdminPageException.notFound("There is no such unit.");
        }
        OptionalInt retried = stores.retryDeferred(UnitId.of(raw));
        if (retried.isEmpty()) {
            throw AdminPageException.notFound("There is no unit " + raw + ".");
        }
        int pageNumber = QueryParams.page(ctx.queryParam("page"));
        StoresOverviewPage.Filter filter = filter(pageQuery(ctx, pageNumber, new LinkedHashMap<>()), pageNumber);
        ctx.redirect(filter.href(pageNumber) + "&store=" + raw + "&retried=" + retried.getAsInt(), HttpStatus.SEE_OTHER);
    }
}
