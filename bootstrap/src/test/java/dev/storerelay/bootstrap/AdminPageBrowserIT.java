package dev.storerelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The admin page in a real browser (Debian's headless Chromium) against the real application: embedded MariaDB,
 * the relay listener, delivery workers and a fake upstream server. Saves the README's screenshots.
 */
class AdminPageBrowserIT {
    private static final String ADMIN_PASSWORD = "browser-admin-password";
    private static final String VIEWER = "viewer";
    private static final String VIEWER_PASSWORD = "viewer-password-1";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SMTP_PAGE = "/admin/setup/settings/communication/smtp-server";

    @RegisterExtension
    static final RelayExtension relay = RelayExtension.builder().adminPassword(ADMIN_PASSWORD).build();
    @RegisterExtension
    static final AdminBrowser browser = new AdminBrowser(relay, "the admin page browser tests", WAIT);

    private static FakeUpstream upstream;
    private static AdminApi api;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeUpstream.plain();
        api = relay.api();
        api.ok(api.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
        api.ok(api.put("/api/units/north", "{\"name\":\"Region North\",\"parentId\":\"company\"}"));
        api.ok(api.put("/api/units/store-1", "{\"name\":\"Store 1\",\"parentId\":\"north\"}"));
        api.ok(api.put("/api/units/store-2", "{\"name\":\"Store 2\",\"parentId\":\"north\"}"));
        api.ok(api.put("/api/units/north/smtp", "{\"serverAddress\":\"localhost\",\"port\":" + upstream.port()
                + ",\"secureSocketOptions\":\"NONE\",\"outgoingEmailAddress\":\"north@shop.example\"}"));
        api.ok(api.put("/api/users/" + VIEWER, "{\"password\":\"" + VIEWER_PASSWORD + "\",\"canSetup\":false}"));
    }

    @AfterAll
    static void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void setsAStoresSettingsAndShowsWhatIsInherited() throws IOException {
        browser.signInAsAdmin();
        browser.open(SMTP_PAGE + "?unit=store-2");
        browser.type("serverAddress", "localhost");
        browser.type("port", "");
        browser.select("secureSocketOptions", "SSL_ON_CONNECT");
        assertThat(browser.driver().findElement(By.id("port")).getDomAttribute("placeholder")).as("the script follows the select")
                .isEqualTo("465");
        browser.select("secureSocketOptions", "START_TLS_WHEN_AVAILABLE");
        browser.type("port", Integer.toString(upstream.port()));
        browser.type("outgoingEmailAddress", "store-2@shop.example");
        browser.driver().findElement(By.cssSelector("button[value=save]")).click();
        browser.waitForText("The settings are saved.");

        assertThat(browser.driver().findElement(By.id("serverAddress-source")).getText()).isEqualTo("Set on this unit.");
        assertThat(api.ok(api.get("/api/units/store-2/smtp")).get("secureSocketOptions").asText())
                .isEqualTo("START_TLS_WHEN_AVAILABLE");
        browser.screenshotForDocs("admin-smtp-server.png");

        browser.open(SMTP_PAGE + "?unit=store-1");
        assertThat(new Select(browser.driver().findElement(By.id("secureSocketOptions"))).getFirstSelectedOption().getText())
                .isEqualTo("Inherited: None (from Region North)");
        assertThat(browser.driver().findElement(By.id("port")).getDomAttribute("placeholder")).isEqualTo(Integer.toString(upstream.port()));
        assertThat(browser.driver().findElement(By.id("serverAddress-source")).getText()).isEqualTo("Inherited from Region North (north).");
        assertThat(browser.driver().findElement(By.id("outgoingEmailAddress-source")).getText()).isEqualTo("Inherited from Region North (north).");
        assertThat(browser.driver().findElement(By.cssSelector(".effective")).getText()).contains("localhost:" + upstream.port(),
                "north@shop.example");
    }

    @Test
    void aValidationErrorIsShownAndTheValuesAreKept() {
        browser.signInAsAdmin();
        browser.open(SMTP_PAGE + "?unit=store-1");
        browser.type("serverAddress", "smtp.store-1.example");
        browser.type("port", "99999");
        browser.type("password", "typed-secret-123");
        browser.type("login", "");
        browser.driver().findElement(By.cssSelector("button[value=save]")).click();
        browser.waitForText("The settings were not saved");

        assertThat(browser.driver().findElement(By.id("port-error")).getText()).isNotBlank();
        assertThat(browser.driver().findElement(By.id("port")).getDomProperty("value")).isEqualTo("99999");
        assertThat(browser.driver().findElement(By.id("serverAddress")).getDomProperty("value")).isEqualTo("smtp.store-1.example");
        assertThat(browser.driver().findElement(By.id("password")).getDomProperty("value")).isEmpty();
        assertThat(browser.driver().getPageSource()).doesNotContain("typed-secret-123");
    }

    @Test
    void sendsATestEmailAndShowsTheTranscript() {
        browser.signInAsAdmin();
        browser.open(SMTP_PAGE + "?unit=store-1");
        int before = upstream.received().size();
        browser.type("testRecipient", "probe@shop.example");
        browser.driver().findElement(By.xpath("//button[text()='Test connection']")).click();
        WebElement report = new WebDriverWait(browser.driver(), WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("test-report")));

        assertThat(report.findElement(By.cssSelector(".verdict")).getText()).startsWith("Success:");
        String transcript = report.findElement(By.cssSelector("pre.transcript")).getText();
        assertThat(transcript).contains("SERVER", "CLIENT");
        assertThat(upstream.received()).hasSizeGreaterThan(before);
        // The result is where the eye is: its heading has the focus and is in the window, not below the form.
        assertThat(browser.driver().getCurrentUrl()).endsWith("#test-result");
        assertThat(browser.driver().switchTo().activeElement().getDomAttribute("id")).isEqualTo("test-result");
        Number top = (Number) ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                "var r = document.getElementById('test-result').getBoundingClientRect(); return r.top;");
        Number height = (Number) ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("return window.innerHeight;");
        assertThat(top.doubleValue()).as("scrolled to the heading, within a pixel").isBetween(-1.0, height.doubleValue());

        // Reloading the result's address (a GET) leads back to the unit's page instead of "There is no such page".
        browser.open(SMTP_PAGE + "/test?unit=store-1");
        assertThat(browser.driver().getCurrentUrl()).contains(SMTP_PAGE + "?unit=store-1");
        assertThat(browser.driver().findElement(By.tagName("main")).getText()).doesNotContain("There is no such page")
                .contains("Test connection / send test email");
    }

    @Test
    void theDeliveryLogShowsDeliveredAndFailedMessagesAndRetriesTheFailedOne() throws Exception {
        RelayClient client = new RelayClient(relay.smtpPort());
        client.send("store-1", "erp@legacy.local", "ok@shop.example", "delivered one");
        client.send("store-1", "erp@legacy.local", "reject-me@shop.example", "failed one");
        await().atMost(WAIT).until(() -> statuses("store-1").containsAll(List.of("DELIVERED", "FAILED")));

        browser.signInAsAdmin();
        browser.open("/admin/delivery-log?unit=store-1");
        WebElement failed = browser.driver().findElement(By.cssSelector("tr.status-failed"));
        assertThat(failed.getText()).contains("reject-me@shop.example: failed", "550");
        assertThat(browser.driver().findElement(By.cssSelector("tr.status-delivered")).getText()).contains("ok@shop.example: delivered");
        browser.screenshotForDocs("admin-delivery-log.png");

        // Times in the admin's time zone (here Berlin's), UTC on hover.
        ((org.openqa.selenium.chromium.HasCdp) browser.driver()).executeCdpCommand("Emulation.setTimezoneOverride",
                Map.of("timezoneId", "Europe/Berlin"));
        try {
            browser.open("/admin/delivery-log?unit=store-1");
            WebElement received = browser.driver().findElement(By.cssSelector("tr.status-failed time"));
            java.time.Instant at = java.time.Instant.parse(received.getDomAttribute("datetime"));
            assertThat(received.getDomAttribute("title")).isEqualTo(java.time.format.DateTimeFormatter
                    .ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC).format(at));
            assertThat(received.getText()).contains(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
                    .withZone(java.time.ZoneId.of("Europe/Berlin")).format(at)).doesNotContain("UTC");
            // The log uses the page's width (1280 px here), no longer at most 72rem (1152 px).
            assertThat(browser.driver().findElement(By.cssSelector("table.log")).getSize().getWidth()).isGreaterThan(1152);
        } finally {
            ((org.openqa.selenium.chromium.HasCdp) browser.driver()).executeCdpCommand("Emulation.setTimezoneOverride",
                    Map.of("timezoneId", ""));
        }
        failed = browser.driver().findElement(By.cssSelector("tr.status-failed"));
        failed.findElement(By.xpath(".//button[text()='Retry']")).click();
        browser.waitForText("The message will be tried again now.");
        await().atMost(WAIT).untilAsserted(() -> assertThat(api.ok(api.get("/api/messages?unit=store-1&status=FAILED")))
                .allSatisfy(m -> assertThat(m.get("attempts").asInt()).isGreaterThanOrEqualTo(2)));
    }

    /**
     * "Did the order confirmation to customer X go out?": the search by recipient (typed in another case) finds the
     * message among others, and its page shows both attempts: the upstream's 451 and the delivery after it.
     */
    @Test
    void searchByRecipientFindsTheMessageAndItsPageShowsTheAttempts() throws Exception {
        RelayClient client = new RelayClient(relay.smtpPort());
        client.send("store-2", "erp@legacy.local", "other-customer@shop.example", "Order confirmation 4710");
        client.send("store-1", "erp@legacy.local", "deferonce-anna@shop.example", "Order confirmation 4711");
        await().atMost(WAIT).untilAsserted(() -> assertThat(api.ok(api.get(
                "/api/messages?recipient=deferonce-anna@shop.example&status=delivered"))).hasSize(1));
        long id = api.ok(api.get("/api/messages?recipient=deferonce-anna@shop.example")).get(0).get("id").asLong();

        browser.signInAsAdmin();
        browser.open("/admin/delivery-log");
        browser.type("unit", "north");
        browser.type("search-recipient", "DEFERONCE-ANNA@SHOP.EXAMPLE");
        browser.driver().findElement(By.xpath("//button[text()='Search']")).click();
        new WebDriverWait(browser.driver(), WAIT).until(ExpectedConditions.urlContains("recipient="));

        List<WebElement> rows = browser.driver().findElements(By.cssSelector("table.log tbody tr"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getAttribute("id")).isEqualTo("message-" + id);
        assertThat(rows.get(0).getText()).contains("Order confirmation 4711", "deferonce-anna@shop.example: delivered",
                "sent as north@shop.example", "store-1");
        assertThat(browser.driver().findElement(By.id("search-recipient")).getDomProperty("value")).isEqualTo("DEFERONCE-ANNA@SHOP.EXAMPLE");

        rows.get(0).findElement(By.linkText("Message " + id)).click();
        new WebDriverWait(browser.driver(), WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"),
                "Message " + id));
        List<WebElement> attempts = browser.driver().findElements(By.cssSelector("table.attempts tbody tr.attempt"));
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).getText()).contains("attempt", "451 4.2.0", "try again later");
        assertThat(attempts.get(1).getText()).contains("1 of 1 recipient(s) delivered");
        assertThat(browser.driver().findElement(By.cssSelector(".routing")).getText()).contains("Store store-1", "STORE_HEADER");
        assertThat(browser.driver().findElement(By.cssSelector(".message-summary")).getText())
                .contains("Order confirmation 4711", "north@shop.example", "erp@legacy.local");
    }

    @Test
    void aSubmissionTheListenerRefusedIsOnTheRefusedPageWithTheHostileSenderAsText() throws Exception {
        RelayClient client = new RelayClient(relay.smtpPort());
        assertThatThrownBy(() -> client.send("no-such-store", "erp@legacy.local", "ann@shop.example", "to nowhere"))
                .hasMessageContaining("550 5.1.0");
        String hostile = "<script>document.title='pwned'</script>@evil.example";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), relay.smtpPort())) {
            socket.setSoTimeout(5_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("220 ");
            socket.getOutputStream().write(("HELO erp.legacy.local\r\nMAIL FROM:<" + hostile + ">\r\nQUIT\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("250 ");
            assertThat(in.readLine()).startsWith("553 5.1.7");
        }
        await().atMost(WAIT).until(() -> api.ok(api.get("/api/refused")).size() >= 2);

        browser.signIn(VIEWER, VIEWER_PASSWORD);
        browser.driver().findElement(By.linkText("Refused")).click();
        new WebDriverWait(browser.driver(), WAIT).until(ExpectedConditions.titleContains("Refused"));
        List<String> rows = browser.driver().findElements(By.cssSelector("table.refused tbody tr")).stream().map(WebElement::getText)
                .toList();
        assertThat(rows).anySatisfy(row -> assertThat(row).contains("127.0.0.1 (erp.legacy.local)", "erp@legacy.local",
                "ann@shop.example", "550 5.1.0 unknown store no-such-store"));
        assertThat(rows).as("newest first").first().asString()
                .contains("127.0.0.1 (erp.legacy.local)", "<" + hostile + ">", "553 5.1.7");
        assertThat(browser.driver().findElements(By.cssSelector("main script"))).as("the sender stayed text").isEmpty();
        assertThat(browser.driver().getTitle()).doesNotContain("pwned");
        browser.screenshotForDocs("admin-refused.png");
    }

    @Test
    void aViewUserSeesNoSaveButtonAndAPostIsRefused() throws Exception {
        browser.signIn(VIEWER, VIEWER_PASSWORD);
        browser.open(SMTP_PAGE + "?unit=store-1");

        assertThat(browser.driver().findElements(By.cssSelector("button[value=save]"))).isEmpty();
        assertThat(browser.driver().findElements(By.xpath("//button[text()='Use inherited settings']"))).isEmpty();
        assertThat(browser.driver().findElement(By.id("serverAddress")).isEnabled()).isFalse();

        String cookie = browser.driver().manage().getCookieNamed("store_relay_session").getValue();
        String csrf = browser.driver().findElement(By.name("csrf")).getDomProperty("value");
        String form = "csrf=" + enc(csrf) + "&unit=store-1&serverAddress=evil.example&secureSocketOptions=NONE";
        HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(browser.base() + SMTP_PAGE))
                .header("Cookie", "store_relay_session=" + cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(api.get("/api/units/store-1/smtp").body()).doesNotContain("evil.example");
    }

    @Test
    void aPostWithoutTheFormsCsrfTokenIsRefusedEvenWithTheAdminsSession() throws Exception {
        browser.signInAsAdmin();
        browser.open(SMTP_PAGE + "?unit=store-1");
        String cookie = browser.driver().manage().getCookieNamed("store_relay_session").getValue();

        // What a forged form on another site would send along with the browser's cookie: everything but the token.
        String form = "unit=store-1&serverAddress=forged.example&secureSocketOptions=NONE";
        HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(browser.base() + SMTP_PAGE))
                .header("Cookie", "store_relay_session=" + cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(api.get("/api/units/store-1/smtp").body()).doesNotContain("forged.example");
    }

    @Test
    void theKeyboardAloneSignsInReachesAFieldAndSubmits() {
        browser.driver().get(browser.base() + "/admin/sign-in");
        browser.driver().switchTo().activeElement().sendKeys("admin", Keys.TAB);
        assertThat(browser.driver().switchTo().activeElement().getDomAttribute("id")).isEqualTo("password");
        browser.driver().switchTo().activeElement().sendKeys(ADMIN_PASSWORD, Keys.ENTER);
        new WebDriverWait(browser.driver(), WAIT).until(ExpectedConditions.urlContains("/admin/stores"));

        browser.open(SMTP_PAGE + "?unit=store-1");
        for (int i = 0; i < 80 && !"outgoingEmailAddress".equals(browser.driver().switchTo().activeElement().getDomAttribute("id")); i++) {
            browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
        }
        WebElement field = browser.driver().switchTo().activeElement();
        assertThat(field.getDomAttribute("id")).as("Tab reaches the field").isEqualTo("outgoingEmailAddress");
        field.sendKeys("store-1@shop.example", Keys.ENTER);
        browser.waitForText("The settings are saved.");
        assertThat(api.ok(api.get("/api/units/store-1/smtp")).get("outgoingEmailAddress").asText()).isEqualTo("store-1@shop.example");
        api.ok(api.put("/api/units/store-1/smtp", "{}"));   // back to inheriting, for the other scenarios
    }

    @Test
    void deletingAUnitAsksFirstAndNothingHappensWhenTheAdminSaysNo() {
        api.ok(api.put("/api/units/store-9", "{\"name\":\"Store 9\",\"parentId\":\"north\"}"));
        browser.signInAsAdmin();
        browser.open("/admin/setup/units?unit=store-9");
        WebElement delete = browser.driver().findElement(By.xpath("//button[text()='Delete this unit']"));
        assertThat(delete.getDomAttribute("class")).isEqualTo("danger");

        delete.click();
        org.openqa.selenium.Alert question = new WebDriverWait(browser.driver(), WAIT).until(ExpectedConditions.alertIsPresent());
        assertThat(question.getText()).startsWith("Delete the unit Store 9 (store-9)");
        question.dismiss();
        assertThat(api.get("/api/units/store-9").status()).as("not deleted").isEqualTo(200);

        browser.driver().findElement(By.xpath("//button[text()='Delete this unit']")).click();
        new WebDriverWait(browser.driver(), WAIT).until(ExpectedConditions.alertIsPresent()).accept();
        browser.waitForText("The unit is deleted.");
        assertThat(api.get("/api/units/store-9").status()).isEqualTo(404);
    }

    @Test
    void theSkipLinkIsTheFirstTabStopAndTheSearchBoxFindsAStoreAmongThreeHundred() {
        for (int region = 1; region <= 3; region++) {
            api.ok(api.put("/api/units/chain-r" + region, "{\"name\":\"Chain Region " + region + "\",\"parentId\":\"company\"}"));
            for (int store = 1; store <= 100; store++) {
                int number = region * 1000 + store;
                api.ok(api.put("/api/units/chain-" + number, "{\"name\":\"Chain Store " + number + "\",\"parentId\":\"chain-r"
                        + region + "\"}"));
            }
        }
        browser.signInAsAdmin();
        browser.open("/admin/setup/units?unit=chain-2050");

        new org.openqa.selenium.interactions.Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        WebElement first = browser.driver().switchTo().activeElement();
        assertThat(first.getText()).isEqualTo("Skip to content");
        assertThat(first.getDomAttribute("href")).isEqualTo("#main");
        first.sendKeys(Keys.ENTER);
        assertThat(browser.driver().switchTo().activeElement().getDomAttribute("id")).isEqualTo("main");

        WebElement current = browser.driver().findElement(By.id("current-unit"));
        assertThat(current.isDisplayed()).as("the chosen unit's region is open").isTrue();
        Boolean inTheTreesBox = (Boolean) ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                "var box = document.querySelector('.units .tree').getBoundingClientRect();"
                        + "var unit = document.getElementById('current-unit').getBoundingClientRect();"
                        + "return unit.top >= box.top && unit.bottom <= box.bottom;");
        assertThat(inTheTreesBox).as("the chosen unit is scrolled into the tree's view").isTrue();

        browser.type("unit-filter", "store 3077");
        assertThat(browser.driver().findElement(By.cssSelector(".units a[href$='?unit=chain-3077']")).isDisplayed()).isTrue();
        assertThat(browser.driver().findElement(By.cssSelector(".units a[href$='?unit=chain-r3']")).isDisplayed()).isTrue();
        assertThat(browser.driver().findElement(By.cssSelector(".units a[href$='?unit=chain-3076']")).isDisplayed()).isFalse();
        assertThat(browser.driver().findElement(By.cssSelector(".units a[href$='?unit=chain-2050']")).isDisplayed()).isFalse();
        browser.driver().findElement(By.id("unit-filter")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        assertThat(browser.driver().findElement(By.cssSelector(".units a[href$='?unit=chain-2050']")).isDisplayed()).isTrue();
        assertThat(browser.driver().findElement(By.cssSelector(".units a[href$='?unit=chain-1001']")).isDisplayed())
                .as("other regions closed again").isFalse();
    }

    @Test
    void everyInputHasALabel() {
        browser.signInAsAdmin();
        for (String page : List.of(SMTP_PAGE + "?unit=store-1", "/admin/delivery-log", "/admin/setup/units?unit=store-1")) {
            browser.open(page);
            assertThat(browser.driver().findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
            List<WebElement> controls = browser.driver().findElements(By.cssSelector("input:not([type=hidden]), select, textarea"));
            assertThat(controls).as(page).isNotEmpty();
            for (WebElement control : controls) {
                String id = control.getDomAttribute("id");
                assertThat(id).as(page + " " + control.getDomAttribute("name")).isNotBlank();
                assertThat(browser.driver().findElements(By.cssSelector("label[for='" + id + "']"))).as(page + " #" + id).hasSize(1);
            }
        }
    }

    private static List<String> statuses(String unit) {
        JsonNode list = api.ok(api.get("/api/messages?unit=" + unit));
        return StreamSupport.stream(list.spliterator(), false).map(m -> m.get("status").asText()).toList();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
