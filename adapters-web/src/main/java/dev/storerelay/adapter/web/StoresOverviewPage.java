package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.StoreOverview;
import dev.storerelay.application.port.in.StoresPage;
import dev.storerelay.application.port.in.StoresQuery.StoreSort;
import dev.storerelay.domain.model.StoreMail;
import dev.storerelay.domain.model.StoreStatus;
import gg.jte.Content;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The stores overview, the page an admin lands on: every store's status with the most urgent first, its server, its
 * waiting and failed mail and its last attempt, filtered to the problems or searched by id or name, 50 to a page
 * ({@code storesOverview.jte}).
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

    /** One store as the table shows it; {@code retryAction} {@code null} without deferred mail. */
    record Row(String id, String name, String status, String statusClass, Instant since, String server,
               String inheritedFrom, String login, int queued, int deferred, int held, int failed24h,
               String oldestWaiting, String lastOutcome, Instant lastOutcomeAt, String lastReply, String advice,
               String retryAction) {
        static Row of(StoreOverview s, Filter filter, Instant now) {
            String id = s.unitId().value();
            StoreMail mail = s.mail();
            return new Row(id, s.name(), label(s.status()),
                    s.status().name().toLowerCase(Locale.ROOT).replace('_', '-'), s.since(), s.server(),
                    s.server() != null && s.inherited() ? s.inheritedFrom().value() : null, login(s),
                    mail.queued(), mail.deferred(), mail.held(), mail.failed24h(),
                    s.oldestWaiting() == null ? "—" : age(Duration.between(s.oldestWaiting(), now)),
                    mail.lastOutcome() == null ? null : mail.lastOutcome().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    mail.lastOutcomeAt(), mail.lastReply(), s.advice(),
                    mail.deferred() > 0 ? AdminLayout.STORES + "/" + id + "/retry-deferred" + filter.query(filter.page()) : null);
        }

        private static String login(StoreOverview s) {
            return s.authentication() == null ? "—" : switch (s.authentication()) {
                case NONE -> "none";
                case PASSWORD -> "password";
                case OAUTH2 -> "OAuth 2.0";
            };
        }
    }

    /** An entry of the Order list. */
    record SortOption(String value, String label, boolean selected) {
    }

    /** What {@code storesOverview.jte} shows besides the filter. */
    record View(int total, String summary, List<SortOption> sortOptions, String sortCaption, String nothingFound,
                List<Row> rows, boolean hasNext) {
    }

    static Content content(AdminSessions.Session session, Filter filter, StoresPage page, Instant now, String notice,
                           boolean error) {
        int total = page.byStatus().values().stream().mapToInt(Integer::intValue).sum();
        StringJoiner counts = new StringJoiner(", ");
        for (StoreStatus status : StoreStatus.values()) {
            counts.add(page.byStatus().get(status) + " " + label(status));
        }
        List<SortOption> sortOptions = Arrays.stream(StoreSort.values())
                .map(sort -> new SortOption(sort.name().toLowerCase(Locale.ROOT), SORT_LABELS.get(sort), sort == filter.sort()))
                .toList();
        View view = new View(total, total + " store(s): " + counts + ".", sortOptions,
                SORT_LABELS.get(filter.sort()).toLowerCase(Locale.ROOT),
                filter.problemsOnly() && filter.search().isEmpty() ? "Every store can send: none has a problem."
                        : "No store matches.",
                page.stores().stream().map(s -> Row.of(s, filter, now)).toList(),
                (long) filter.page() * PAGE_SIZE < page.matching());
        return Templates.content("storesOverview.jte", Templates.params("session", session, "filter", filter,
                "view", view, "notice", notice, "error", error));
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
