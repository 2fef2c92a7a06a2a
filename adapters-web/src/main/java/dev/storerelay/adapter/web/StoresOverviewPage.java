package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.StoreOverview;
import dev.storerelay.application.port.in.StoresPage;
import dev.storerelay.application.port.in.StoresQuery.StoreSort;
import dev.storerelay.domain.model.StoreMail;
import dev.storerelay.domain.model.StoreStatus;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The stores overview, the page an admin lands on: every store's status with the most urgent first, its server, its
 * waiting and failed mail and its last attempt, filtered to the problems or searched by id or name, 50 to a page.
 */
final class StoresOverviewPage {
    static final int PAGE_SIZE = 50;
    static final List<String> BREADCRUMB = List.of("Stores");
    private static final Map<StoreSort, String> SORT_LABELS = Map.of(StoreSort.STATUS, "Most urgent first",
            StoreSort.ID, "Store id", StoreSort.NAME, "Name", StoreSort.QUEUED, "Most queued",
            StoreSort.DEFERRED, "Most deferred", StoreSort.HELD, "Most held", StoreSort.FAILED24H, "Most failed (24 h)");

    private StoresOverviewPage() {
    }

    /** The filter as given, to show again in the form and to carry through paging and actions; {@code page} from 1. */
    record Filter(boolean problemsOnly, String search, StoreSort sort, int page) {
        String query(int onPage) {
            return "?problems=" + problemsOnly + "&q=" + URLEncoder.encode(search, StandardCharsets.UTF_8)
                    + "&sort=" + sort.name().toLowerCase(Locale.ROOT) + "&page=" + onPage;
        }

        String href(int onPage) {
            return AdminLayout.STORES + query(onPage);
        }
    }

    /** The status in words, as the page and its tests say it. */
    static String label(StoreStatus status) {
        return switch (status) {
            case HELD_NO_SERVER -> "held — no server";
            case FAILING -> "failing";
            case DEFERRED -> "deferred";
            case RATE_LIMITED -> "rate-limited";
            case OK -> "OK";
        };
    }

    static Html content(AdminSessions.Session session, Filter filter, StoresPage page, Instant now, String notice,
                        boolean error) {
        Html h = new Html();
        AdminLayout.notice(h, notice, error);
        int total = page.byStatus().values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            h.open("p", "class", "empty").text("There are no stores yet. A store is a unit without units below it: ")
                    .el("a", "create the company and its stores on the Units page", "href", AdminLayout.UNITS)
                    .text(", or import them all at once.").close("p");
            return h;
        }
        summary(h, page, total);
        form(h, filter);
        if (page.stores().isEmpty()) {
            h.el("p", filter.problemsOnly() && filter.search().isEmpty() ? "Every store can send: none has a problem."
                    : "No store matches.", "class", "empty");
        } else {
            table(h, session, filter, page.stores(), now);
        }
        boolean hasNext = (long) filter.page() * PAGE_SIZE < page.matching();
        return AdminLayout.paging(h, filter.page(), hasNext, filter::href);
    }

    private static void summary(Html h, StoresPage page, int total) {
        StringJoiner counts = new StringJoiner(", ");
        for (StoreStatus status : StoreStatus.values()) {
            counts.add(page.byStatus().get(status) + " " + label(status));
        }
        h.el("p", total + " store(s): " + counts + ".", "class", "store-summary", "id", "store-summary");
    }

    private static void form(Html h, Filter filter) {
        h.open("form", "method", "get", "action", AdminLayout.STORES, "class", "filter search", "role", "search",
                        "aria-label", "Filter the stores")
                .open("div", "class", "field checkbox")
                .open("input", "id", "problems", "name", "problems", "type", "checkbox", "value", "true",
                        "checked", Html.flag(filter.problemsOnly(), "checked"))
                .el("label", "Only problems", "for", "problems").close("div")
                .open("div", "class", "field").el("label", "Store id or name", "for", "q")
                .open("input", "id", "q", "name", "q", "type", "search", "value", filter.search()).close("div")
                .open("div", "class", "field").el("label", "Order", "for", "sort")
                .open("select", "id", "sort", "name", "sort");
        for (StoreSort sort : StoreSort.values()) {
            h.el("option", SORT_LABELS.get(sort), "value", sort.name().toLowerCase(Locale.ROOT),
                    "selected", Html.flag(sort == filter.sort(), "selected"));
        }
        h.close("select").close("div").el("button", "Show", "type", "submit").close("form");
    }

    private static void table(Html h, AdminSessions.Session session, Filter filter, List<StoreOverview> stores, Instant now) {
        boolean canSetup = session.user().canSetup();
        h.open("table", "class", "log stores").el("caption", "Stores: " + SORT_LABELS.get(filter.sort()).toLowerCase(Locale.ROOT))
                .open("thead").open("tr");
        for (String column : List.of("Store", "Status", "Server", "Login", "Queued", "Deferred", "Held", "Failed (24 h)",
                "Oldest waiting", "Last attempt")) {
            h.el("th", column, "scope", "col");
        }
        if (canSetup) {
            h.el("th", "Actions", "scope", "col");
        }
        h.close("tr").close("thead").open("tbody");
        for (StoreOverview store : stores) {
            row(h, session, filter, store, now, canSetup);
        }
        h.close("tbody").close("table");
    }

    private static void row(Html h, AdminSessions.Session session, Filter filter, StoreOverview s, Instant now,
                            boolean canSetup) {
        String id = s.unitId().value();
        StoreMail mail = s.mail();
        h.open("tr", "id", "store-" + id, "class", "store-status-" + s.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        h.open("td").el("a", s.name() + " (" + id + ")", "href", AdminLayout.SMTP_SERVER + "?unit=" + id)
                .open("div").el("a", "Delivery log", "href", AdminLayout.DELIVERY_LOG + "?unit=" + id, "class", "small")
                .close("div").close("td");
        h.open("td").el("span", label(s.status()), "class", "store-state");
        if (s.since() != null) {
            Times.time(h.open("div", "class", "since").text("since "), s.since()).close("div");
        }
        h.close("td");
        h.open("td");
        if (s.server() == null) {
            h.text("none");
        } else {
            h.el("div", s.server());
            if (s.inherited()) {
                h.el("div", "inherited from " + s.inheritedFrom().value(), "class", "inherited");
            }
        }
        h.close("td").el("td", s.authentication() == null ? "—" : switch (s.authentication()) {
            case NONE -> "none";
            case PASSWORD -> "password";
            case OAUTH2 -> "OAuth 2.0";
        });
        h.el("td", Integer.toString(mail.queued()), "class", "count queued")
                .el("td", Integer.toString(mail.deferred()), "class", "count deferred")
                .el("td", Integer.toString(mail.held()), "class", "count held")
                .el("td", Integer.toString(mail.failed24h()), "class", "count failed");
        h.el("td", s.oldestWaiting() == null ? "—" : age(Duration.between(s.oldestWaiting(), now)), "class", "oldest");
        lastAttempt(h.open("td", "class", "reply"), s).close("td");
        if (canSetup) {
            h.open("td");
            if (mail.deferred() > 0) {
                h.open("form", "method", "post", "action", AdminLayout.STORES + "/" + id + "/retry-deferred"
                        + filter.query(filter.page()), "class", "inline");
                AdminLayout.csrf(h, session);
                h.el("button", "Retry deferred mail", "type", "submit", "aria-label", "Retry the deferred mail of " + id)
                        .close("form");
            }
            h.close("td");
        }
        h.close("tr");
    }

    private static Html lastAttempt(Html h, StoreOverview s) {
        StoreMail mail = s.mail();
        if (mail.lastOutcome() == null) {
            h.text("none yet");
        } else {
            h.open("div").text(mail.lastOutcome().name().toLowerCase(Locale.ROOT).replace('_', '-') + " ");
            Times.time(h, mail.lastOutcomeAt()).close("div");
            if (mail.lastReply() != null) {
                h.el("div", mail.lastReply(), "class", "last-reply");
            }
        }
        if (s.advice() != null) {
            h.open("p", "class", "advice").el("strong", "What to do:").text(" " + s.advice()).close("p");
        }
        return h;
    }

    /** How long ago, to the minute: "2 d 3 h", "3 h 5 min", "4 min", "under a minute". */
    static String age(Duration age) {
        long minutes = Math.max(0, age.toMinutes());
        if (minutes < 1) {
            return "under a minute";
        }
        long days = minutes / (24 * 60);
        long hours = minutes / 60 % 24;
        long rest = minutes % 60;
        if (days > 0) {
            return days + " d " + hours + " h";
        }
        return hours > 0 ? hours + " h " + rest + " min" : rest + " min";
    }
}
