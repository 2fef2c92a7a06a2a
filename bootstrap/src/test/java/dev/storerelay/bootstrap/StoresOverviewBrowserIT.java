package dev.storerelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stores overview (issue #22) end to end: the real relay with its embedded MariaDB, one message per store over
 * SMTP through the relay's listener, real upstream servers on loopback (one taking mail, one refusing every recipient
 * with Microsoft 365's "550 5.7.30", one answering "451 4.3.0" to everything) and a store without any server; then
 * the overview in Debian's headless Chromium and through its JSON API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoresOverviewBrowserIT {
    private static final String ADMIN_PASSWORD = "stores-browser-admin-password";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String STORES_PAGE = "/admin/stores";
    private static final String BASIC_AUTH_REFUSED = "5.7.30 Basic authentication is not supported for Client Submission.";
    private static final String TRY_AGAIN = "4.3.0 try again later";
    /** What the provider-reply table tells an admin to do about 550 5.7.30 (ProviderReplies). */
    private static final String SWITCH_TO_OAUTH2 = "to OAuth 2.0 (Microsoft 365)";

    // No retry on its own while the test runs: a third 451 in a row would make store-deferred "failing".
    @RegisterExtension
    static final RelayExtension relay = RelayExtension.builder().adminPassword(ADMIN_PASSWORD)
            .env("STORE_RELAY_RETRY_FIRST_DELAY", "PT10M").build();
    @RegisterExtension
    static final AdminBrowser browser = new AdminBrowser(relay, "the stores overview browser test", WAIT);

    private static FakeUpstream healthy;
    private static FakeUpstream refusing;
    private static FakeUpstream deferring;
    private static AdminApi api;

    @BeforeAll
    static void start() throws Exception {
        healthy = FakeUpstream.plain();
        refusing = FakeUpstream.plain();
        refusing.refuseEveryRecipient(550, BASIC_AUTH_REFUSED);
        deferring = FakeUpstream.plain();
        deferring.refuseEveryRecipient(451, TRY_AGAIN);

        api = relay.api();

        api.ok(api.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
        region("region-ok", "Region Healthy", healthy);
        region("region-failing", "Region Refusing", refusing);
        region("region-deferred", "Region Deferring", deferring);
        api.ok(api.put("/api/units/branch-held", "{\"name\":\"Branch Without Server\",\"parentId\":\"company\"}"));
        store("store-ok", "Store Healthy", "region-ok");
        store("store-failing", "Store Refused", "region-failing");
        store("store-deferred", "Store Waiting", "region-deferred");
        store("store-held", "Store Held", "branch-held");

        RelayClient client = relay.client();
        for (String store : List.of("store-ok", "store-failing", "store-deferred", "store-held")) {
            assertThat(client.send(store, "erp@legacy.local", "customer@shop.example", "Order confirmation of " + store))
                    .startsWith("250");
        }

        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, JsonNode> stores = stores("");
            assertThat(stores.get("store-ok").get("lastOutcome").asText()).isEqualTo("DELIVERED");
            assertThat(stores.get("store-failing").get("status").asText()).isEqualTo("FAILING");
            assertThat(stores.get("store-deferred").get("status").asText()).isEqualTo("DEFERRED");
            assertThat(stores.get("store-held").at("/counts/held").asInt()).isEqualTo(1);
        });
    }

    @AfterAll
    static void stop() {
        for (FakeUpstream upstream : new FakeUpstream[]{healthy, refusing, deferring}) {
            if (upstream != null) {
                upstream.close();
            }
        }
    }

    @Test
    @Order(1)
    void theApiGivesEachStoresStatusCountsServerAndAdvice() {
        Map<String, JsonNode> stores = stores("");
        assertThat(stores).containsOnlyKeys("store-ok", "store-failing", "store-deferred", "store-held");

        JsonNode ok = stores.get("store-ok");
        assertThat(ok.get("status").asText()).isEqualTo("OK");
        assertThat(ok.get("name").asText()).isEqualTo("Store Healthy");
        assertThat(ok.get("server").asText()).isEqualTo("127.0.0.1:" + healthy.port());
        assertThat(ok.get("inherited").asBoolean()).isTrue();
        assertThat(ok.get("inheritedFrom").asText()).isEqualTo("region-ok");
        assertThat(ok.get("authentication").asText()).isEqualTo("NONE");
        assertThat(counts(ok)).containsExactly(0, 0, 0, 0);
        assertThat(ok.get("advice").isNull()).isTrue();
        assertThat(healthy.received()).hasSize(1);
        assertThat(healthy.received().get(0).text()).contains("Order confirmation of store-ok");

        JsonNode failing = stores.get("store-failing");
        assertThat(failing.get("status").asText()).isEqualTo("FAILING");
        assertThat(failing.get("server").asText()).isEqualTo("127.0.0.1:" + refusing.port());
        assertThat(failing.get("inherited").asBoolean()).isTrue();
        assertThat(failing.get("inheritedFrom").asText()).isEqualTo("region-failing");
        assertThat(counts(failing)).as("queued, deferred, held, failed (24 h)").containsExactly(0, 0, 0, 1);
        assertThat(failing.get("lastOutcome").asText()).isEqualTo("FAILED");
        assertThat(failing.get("lastReply").asText()).startsWith("550").contains(BASIC_AUTH_REFUSED);
        assertThat(failing.get("advice").asText()).contains(SWITCH_TO_OAUTH2);
        assertThat(failing.get("since").isNull()).isFalse();
        assertThat(failing.get("lastAttemptAt").isNull()).isFalse();
        assertThat(refusing.received()).isEmpty();

        JsonNode deferred = stores.get("store-deferred");
        assertThat(deferred.get("status").asText()).isEqualTo("DEFERRED");
        assertThat(deferred.get("inherited").asBoolean()).isTrue();
        assertThat(deferred.get("inheritedFrom").asText()).isEqualTo("region-deferred");
        assertThat(counts(deferred)).containsExactly(0, 1, 0, 0);
        assertThat(deferred.get("lastOutcome").asText()).isEqualTo("DEFERRED");
        assertThat(deferred.get("lastReply").asText()).startsWith("451").contains(TRY_AGAIN);
        assertThat(deferred.get("oldestWaitingSeconds").isNull()).as("its message waits").isFalse();

        JsonNode held = stores.get("store-held");
        assertThat(held.get("status").asText()).isEqualTo("HELD_NO_SERVER");
        assertThat(held.get("server").isNull()).isTrue();
        assertThat(held.get("inherited").asBoolean()).isFalse();
        assertThat(held.get("inheritedFrom").isNull()).isTrue();
        assertThat(counts(held)).containsExactly(0, 0, 1, 0);
        assertThat(held.get("advice").asText()).contains("SMTP Server page");
        assertThat(held.get("oldestWaitingSeconds").isNull()).as("held mail waits too").isFalse();
        assertThat(ok.get("oldestWaitingSeconds").isNull()).as("nothing waits").isTrue();

        assertThat(stores("?problems=true").keySet()).as("most urgent first, without the OK store")
                .containsExactly("store-held", "store-failing", "store-deferred");
        assertThat(stores("?q=DEFERR").keySet()).containsExactly("store-deferred");
        assertThat(stores("?sort=id&limit=2&offset=1").keySet()).containsExactly("store-failing", "store-held");

        assertThat(api.post("/api/units/no-such-unit/retry-deferred", "").status()).isEqualTo(404);
        assertThat(api.ok(api.post("/api/units/store-ok/retry-deferred", "")).get("retried").asInt())
                .as("store-ok has no deferred mail").isZero();
    }

    @Test
    @Order(2)
    void theLandingPageShowsEachStoresStatusAndFiltersAndSearches() throws IOException {
        browser.signInAsAdmin();
        assertThat(browser.driver().getCurrentUrl()).isEqualTo(browser.base() + STORES_PAGE);
        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Stores");
        assertThat(browser.driver().findElement(By.cssSelector("nav[aria-label=Menu] a")).getText()).as("first in the menu")
                .isEqualTo("Stores");
        assertThat(browser.driver().findElement(By.id("store-summary")).getText())
                .startsWith("4 store(s)").contains("1 held — no server", "1 failing", "1 deferred", "1 OK");

        WebElement held = row("store-held");
        assertThat(held.getDomAttribute("class")).isEqualTo("store-status-held-no-server");
        assertThat(state(held)).isEqualTo("held — no server");
        assertThat(held.findElement(By.cssSelector(".count.held")).getText()).isEqualTo("1");
        assertThat(held.getText()).contains("Store Held (store-held)", "What to do:");

        WebElement failing = row("store-failing");
        assertThat(failing.getDomAttribute("class")).isEqualTo("store-status-failing");
        assertThat(state(failing)).isEqualTo("failing");
        assertThat(failing.findElements(By.cssSelector(".since time"))).as("since when").hasSize(1);
        assertThat(failing.getText()).contains("127.0.0.1:" + refusing.port(), "inherited from region-failing");
        assertThat(failing.findElement(By.cssSelector(".count.failed")).getText()).isEqualTo("1");
        assertThat(failing.findElement(By.cssSelector(".last-reply")).getText()).startsWith("550")
                .contains(BASIC_AUTH_REFUSED);
        assertThat(failing.findElement(By.cssSelector(".advice")).getText()).startsWith("What to do:")
                .contains(SWITCH_TO_OAUTH2);
        assertThat(failing.findElements(By.xpath(".//button[text()='Retry deferred mail']"))).as("nothing deferred")
                .isEmpty();

        WebElement deferred = row("store-deferred");
        assertThat(deferred.getDomAttribute("class")).isEqualTo("store-status-deferred");
        assertThat(state(deferred)).isEqualTo("deferred");
        assertThat(deferred.findElement(By.cssSelector(".count.deferred")).getText()).isEqualTo("1");
        assertThat(deferred.findElement(By.cssSelector(".last-reply")).getText()).startsWith("451").contains(TRY_AGAIN);
        assertThat(deferred.findElements(By.xpath(".//button[text()='Retry deferred mail']"))).hasSize(1);

        WebElement ok = row("store-ok");
        assertThat(ok.getDomAttribute("class")).isEqualTo("store-status-ok");
        assertThat(state(ok)).isEqualTo("OK");
        assertThat(ok.getText()).contains("127.0.0.1:" + healthy.port(), "inherited from region-ok")
                .doesNotContain("What to do:");
        assertThat(ok.findElements(By.cssSelector(".advice"))).isEmpty();
        browser.screenshot("stores-overview.png");

        browser.driver().findElement(By.id("problems")).click();
        show();
        assertThat(browser.driver().findElement(By.id("problems")).isSelected()).as("the form keeps the filter").isTrue();
        assertThat(rowIds()).containsExactly("store-held", "store-failing", "store-deferred");

        browser.driver().findElement(By.id("problems")).click();
        browser.driver().findElement(By.id("q")).sendKeys("fail");
        show();
        assertThat(browser.driver().findElement(By.id("q")).getDomProperty("value")).isEqualTo("fail");
        assertThat(rowIds()).containsExactly("store-failing");

        WebElement search = browser.driver().findElement(By.id("q"));
        search.clear();
        search.sendKeys("no-store-is-called-this");
        show();
        assertThat(rowIds()).isEmpty();
        assertThat(browser.driver().findElement(By.tagName("main")).getText()).contains("No store matches.");
    }

    @Test
    @Order(3)
    void retryDeferredMailTriesTheStoresDeferredMessageNow() {
        JsonNode waiting = api.ok(api.get("/api/messages?unit=store-deferred"));
        assertThat(waiting).hasSize(1);
        int attemptsBefore = waiting.get(0).get("attempts").asInt();

        browser.signInAsAdmin();
        row("store-deferred").findElement(By.xpath(".//button[text()='Retry deferred mail']")).click();
        browser.waitForText("1 deferred message(s) of store-deferred will be tried now.");
        assertThat(browser.driver().getCurrentUrl()).contains(STORES_PAGE + "?");
        assertThat(browser.driver().findElement(By.cssSelector("main .notice")).getDomAttribute("role")).isEqualTo("status");

        // Tried again at once, not 10 minutes later (the first retry's delay here): the upstream answers 451 again.
        long id = waiting.get(0).get("id").asLong();
        await().atMost(WAIT).untilAsserted(() -> assertThat(api.ok(api.get("/api/messages?unit=store-deferred"))
                .get(0).get("attempts").asInt()).isEqualTo(attemptsBefore + 1));
        assertThat(api.ok(api.get("/api/messages/" + id + "/attempts"))).filteredOn(a -> a.get("counted").asBoolean())
                .hasSize(attemptsBefore + 1)
                .allSatisfy(a -> assertThat(a.get("summary").asText()).contains("451"));
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode store = stores("?q=store-deferred").get("store-deferred");
            assertThat(store.get("status").asText()).isEqualTo("DEFERRED");
            assertThat(store.at("/counts/deferred").asInt()).isEqualTo(1);
        });
    }

    private static void region(String id, String name, FakeUpstream upstream) {
        api.ok(api.put("/api/units/" + id, "{\"name\":\"" + name + "\",\"parentId\":\"company\"}"));
        api.ok(api.put("/api/units/" + id + "/smtp", "{\"serverAddress\":\"127.0.0.1\",\"port\":" + upstream.port()
                + ",\"secureSocketOptions\":\"NONE\",\"outgoingEmailAddress\":\"" + id + "@shop.example\"}"));
    }

    private static void store(String id, String name, String parent) {
        api.ok(api.put("/api/units/" + id, "{\"name\":\"" + name + "\",\"parentId\":\"" + parent + "\"}"));
    }

    /** {@code GET /api/stores/status} with the given query, by store id in the order given. */
    private static Map<String, JsonNode> stores(String query) {
        Map<String, JsonNode> stores = new LinkedHashMap<>();
        api.ok(api.get("/api/stores/status" + query)).forEach(store -> stores.put(store.get("unitId").asText(), store));
        return stores;
    }

    private static List<Integer> counts(JsonNode store) {
        JsonNode counts = store.get("counts");
        return List.of(counts.get("queued").asInt(), counts.get("deferred").asInt(), counts.get("held").asInt(),
                counts.get("failed24h").asInt());
    }

    /** Presses the filter form's button and waits for the page it leads to. */
    private static void show() {
        WebElement before = browser.driver().findElement(By.tagName("main"));
        browser.driver().findElement(By.xpath("//form[@role='search']//button[text()='Show']")).click();
        new WebDriverWait(browser.driver(), WAIT).until(ExpectedConditions.stalenessOf(before));
    }

    private static WebElement row(String store) {
        return browser.driver().findElement(By.id("store-" + store));
    }

    private static String state(WebElement row) {
        return row.findElement(By.cssSelector(".store-state")).getText();
    }

    private static List<String> rowIds() {
        return browser.driver().findElements(By.cssSelector("table.stores tbody tr")).stream()
                .map(row -> row.getDomAttribute("id").substring("store-".length())).toList();
    }
}
