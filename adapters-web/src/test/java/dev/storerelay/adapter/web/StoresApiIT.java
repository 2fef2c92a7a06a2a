package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.storerelay.domain.model.StoreMail;
import dev.storerelay.domain.model.StoreOutcome;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/stores/status}, {@code POST /api/units/{id}/retry-deferred} and the stores overview page: the
 * API's names (README, *Admin JSON API*), the filters, the paging, the refusals of bad input, and the landing after sign-in.
 */
class StoresApiIT {
    private static final Instant NOW = ApiServer.NOW;
    private static final String FAILING_REPLY = "535 5.7.139 Authentication unsuccessful, basic authentication is disabled.";

    @RegisterExtension
    final ApiServer api = new ApiServer();

    @BeforeEach
    void start() {
        api.unit("acme", "Acme", null);
        api.unit("north", "Region North", "acme");
        api.unit("s1", "Hamburg", "north");
        api.unit("s2", "Kiel", "north");
        api.unit("s3", "Munich", "acme");
        HttpResponse<String> server = api.put("/api/units/north/smtp", "{\"serverAddress\":\"smtp.north.example\","
                + "\"port\":587,\"secureSocketOptions\":\"START_TLS\",\"login\":\"relay@north.example\",\"password\":\"pw\"}");
        assertThat(server.statusCode()).isEqualTo(200);
        api.storesOverview.mail.put(UnitId.of("s2"), new StoreMail(0, 2, 0, 4, StoreOutcome.FAILED, NOW.minusSeconds(60),
                NOW.minusSeconds(3600), 1, NOW.minusSeconds(3600), FAILING_REPLY));
        api.storesOverview.oldest.put(UnitId.of("s2"), NOW.minusSeconds(7200));
    }

    @Test
    void everyStoreIsListedWithDesignsNamesTheMostUrgentFirst() {
        HttpResponse<String> response = api.get("/api/stores/status");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(StoresRoutes.TOTAL_HEADER)).hasValue("3");
        JsonNode list = api.json(response);
        assertThat(ids(list)).as("held first, then failing, then OK").containsExactly("s3", "s2", "s1");
        JsonNode failing = list.get(1);
        List<String> names = new ArrayList<>();
        failing.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("unitId", "name", "status", "since", "server", "inherited", "authentication", "counts",
                "oldestWaitingSeconds", "lastReply", "advice");
        assertThat(failing.get("status").asText()).isEqualTo("FAILING");
        assertThat(failing.get("since").asText()).isEqualTo(NOW.minusSeconds(3600).toString());
        assertThat(failing.get("server").asText()).isEqualTo("smtp.north.example:587");
        assertThat(failing.get("inherited").asBoolean()).isTrue();
        assertThat(failing.get("inheritedFrom").asText()).isEqualTo("north");
        assertThat(failing.get("authentication").asText()).isEqualTo("PASSWORD");
        assertThat(failing.get("counts").get("deferred").asInt()).isEqualTo(2);
        assertThat(failing.get("counts").get("failed24h").asInt()).isEqualTo(4);
        assertThat(failing.get("oldestWaitingSeconds").asLong()).isEqualTo(7200);
        assertThat(failing.get("lastReply").asText()).isEqualTo(FAILING_REPLY);
        assertThat(failing.get("advice").asText()).as("the provider-reply table's fix").contains("OAuth 2.0");
        assertThat(response.body()).doesNotContain("\"pw\"");

        JsonNode held = list.get(0);
        assertThat(held.get("status").asText()).isEqualTo("HELD_NO_SERVER");
        assertThat(held.get("server").isNull()).isTrue();
        assertThat(held.get("counts").get("queued").asInt()).isZero();
        assertThat(held.get("oldestWaitingSeconds").isNull()).isTrue();
        assertThat(list.get(2).get("status").asText()).isEqualTo("OK");
    }

    @Test
    void problemsSearchSortAndPagingNarrowTheList() {
        assertThat(ids(api.json(api.get("/api/stores/status?problems=true")))).containsExactly("s3", "s2");
        assertThat(ids(api.json(api.get("/api/stores/status?q=KIE")))).containsExactly("s2");
        assertThat(ids(api.json(api.get("/api/stores/status?sort=name")))).containsExactly("s1", "s2", "s3");
        HttpResponse<String> page = api.get("/api/stores/status?sort=id&limit=1&offset=1");
        assertThat(ids(api.json(page))).containsExactly("s2");
        assertThat(page.headers().firstValue(StoresRoutes.TOTAL_HEADER)).hasValue("3");
    }

    @Test
    void badParametersAreRefusedByName() {
        HttpResponse<String> response = api.get("/api/stores/status?problems=maybe&sort=size&limit=0");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode fields = api.json(response).get("fields");
        assertThat(fields.has("problems")).isTrue();
        assertThat(fields.get("sort").asText()).contains("failed24h");
        assertThat(fields.has("limit")).isTrue();
    }

    @Test
    void retryingDeferredMailNeedsAKnownUnitAndTheSetupPermission() {
        HttpResponse<String> retried = api.post("/api/units/north/retry-deferred");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(api.json(retried).get("retried").asInt()).isZero();

        assertThat(api.post("/api/units/nowhere/retry-deferred").statusCode()).isEqualTo(404);
        assertThat(api.post("/api/units/bad%20id/retry-deferred").statusCode()).isEqualTo(400);
        HttpResponse<String> viewer = api.send(api.request("/api/units/north/retry-deferred")
                .POST(HttpRequest.BodyPublishers.noBody()), ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD);
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(api.send(api.request("/api/stores/status").GET(), ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD)
                .statusCode()).as("a viewer reads").isEqualTo(200);
    }

    @Test
    void signingInLandsOnTheOverviewWhichShowsEachStoresStatusAndWhatToDo() {
        AdminBrowser browser = new AdminBrowser(api.server().port());
        HttpResponse<String> signIn = browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        assertThat(signIn.headers().firstValue("Location")).hasValue(AdminLayout.STORES);
        assertThat(browser.get(AdminPageAccess.PREFIX).headers().firstValue("Location")).hasValue(AdminLayout.STORES);

        String page = browser.get(AdminLayout.STORES).body();

        assertThat(page).contains("3 store(s): 1 held — no server, 1 failing, 0 deferred, 0 rate-limited, 1 OK.");
        assertThat(row(page, "s3")).contains("held — no server", "Set an SMTP server");
        assertThat(row(page, "s2")).contains("failing", "smtp.north.example:587", "inherited from north",
                "5.7.139", "What to do:", "2 h 0 min", "Retry deferred mail");
        assertThat(row(page, "s1")).contains("OK").doesNotContain("Retry deferred mail");

        String problems = browser.get(AdminLayout.STORES + "?problems=true").body();
        assertThat(problems).contains("id=\"store-s2\"", "id=\"store-s3\"").doesNotContain("id=\"store-s1\"");

        HttpResponse<String> retry = browser.post(AdminLayout.STORES + "/s2/retry-deferred?problems=true&q=&sort=status&page=1",
                Map.of());
        assertThat(retry.statusCode()).isEqualTo(303);
        String location = retry.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(AdminLayout.STORES + "?problems=true");
        assertThat(browser.get(location).body()).contains("No deferred mail of s2 could be retried now");
    }

    @Test
    void withoutStoresThePageLeadsToTheUnitsPage() {
        ApiServer empty = new ApiServer();
        try {
            AdminBrowser browser = new AdminBrowser(empty.server().port());
            browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
            assertThat(browser.get(AdminLayout.STORES).body()).contains("There are no stores yet")
                    .contains("href=\"" + AdminLayout.UNITS + "\"");
        } finally {
            empty.close();
        }
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(store -> ids.add(store.get("unitId").asText()));
        return ids;
    }

    /** The table row of one store. */
    private static String row(String page, String id) {
        int start = page.indexOf("<tr id=\"store-" + id + "\"");
        assertThat(start).as("a row for " + id).isNotNegative();
        return page.substring(start, page.indexOf("</tr>", start));
    }
}
