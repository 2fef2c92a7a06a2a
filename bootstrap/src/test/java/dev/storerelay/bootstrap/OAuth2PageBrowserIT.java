package dev.storerelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.storerelay.adapter.persistence.EmbeddedTestDatabase;
import dev.storerelay.adapter.persistence.PersistenceConfig;
import dev.storerelay.adapter.relay.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SMTP Server page's OAuth 2.0 settings in a real browser (Debian's headless Chromium) against the real
 * application, with stand-ins for the provider: {@link MockAuthorizationServer} as token endpoint and sign-in page, and
 * {@link Xoauth2Upstream} as the SMTP server that checks the tokens. An admin sets a store to OAuth 2.0 with client
 * credentials on the page, tests the connection and sees the store deliver; for another store they sign in with the
 * provider for a refresh token, and that store delivers too.
 *
 * <p>Chromium is started with {@code --ignore-certificate-errors} only so that it opens the stand-in provider's sign-in
 * page, whose certificate is made at start; the relay itself verifies the stand-in through its trust store.
 */
class OAuth2PageBrowserIT {
    private static final String ADMIN_PASSWORD = "browser-admin-password";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SMTP_PAGE = "/admin/setup/settings/communication/smtp-server";
    private static final String SCOPE = "smtp.send";
    private static final String APP = "relay-app";
    private static final String APP_SECRET = "Browser-App-Secret-91";
    private static final String SIGN_IN_APP = "relay-sign-in";
    private static final String SIGN_IN_SECRET = "Browser-Sign-In-Secret-92";
    private static final String STORE_1 = "store1@example.net";
    private static final String STORE_2 = "store2@example.net";

    @TempDir
    static Path dataDir;

    private static MockAuthorizationServer tokens;
    private static Xoauth2Upstream upstream;
    private static StoreRelay relay;
    private static AdminApi api;
    private static WebDriver driver;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.requirePresent("the OAuth 2.0 page browser tests");

        // The sign-in page is shown and filled in, as at a real provider: the redirect back then follows the provider's
        // own form post, a cross-site navigation that brings no SameSite=Strict cookie (an at once approved sign-in
        // would be a redirect chain begun on the admin page, which Chromium treats as same-site).
        tokens = MockAuthorizationServer.builder().interactiveLogin().start();
        tokens.registerClient(APP, APP_SECRET);
        tokens.registerClient(SIGN_IN_APP, SIGN_IN_SECRET);
        upstream = Xoauth2Upstream.start(tokens, SCOPE, TestCertificates.localhost()).allowApp(APP, STORE_1);

        PersistenceConfig db = EmbeddedTestDatabase.freshDatabase(dataDir);
        Map<String, String> settings = new HashMap<>(tokens.relayTrustSettings(TestCertificates.localhost()));
        relay = StoreRelay.start(TestConfigs.config(db, dataDir, ADMIN_PASSWORD, settings),
                new PrintStream(new ByteArrayOutputStream(), true));
        base = "http://127.0.0.1:" + relay.adminPort();
        api = new AdminApi(relay.adminPort(), "admin", ADMIN_PASSWORD);
        api.ok(api.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
        api.ok(api.put("/api/units/store-1", "{\"name\":\"Store 1\",\"parentId\":\"company\"}"));
        api.ok(api.put("/api/units/store-2", "{\"name\":\"Store 2\",\"parentId\":\"company\"}"));

        // The stand-in's sign-in page links a web font; there is no network, so its name fails at once, not after DNS.
        driver = HeadlessChromium.start("--ignore-certificate-errors", "--host-resolver-rules=MAP fonts.googleapis.com ~NOTFOUND");
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (relay != null) {
            relay.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    @BeforeEach
    void signedIn() {
        driver.get(base + "/admin/sign-in");
        driver.manage().deleteAllCookies();
        // The landing page is the stores overview; each test opens the SMTP Server page itself.
        HeadlessChromium.signIn(driver, base, "admin", ADMIN_PASSWORD, WAIT);
    }

    @Test
    void clientCredentialsSetOnThePageTestTheConnectionAndDeliver() throws Exception {
        open(SMTP_PAGE + "?unit=store-1");
        connection(STORE_1);
        WebElement oauth2 = driver.findElement(By.id("oauth2-settings"));
        assertThat(oauth2.isDisplayed()).as("hidden while Password is chosen").isFalse();
        choose("authentication", "OAUTH2");
        assertThat(oauth2.isDisplayed()).isTrue();
        choose("oauth2.provider", "GENERIC");
        choose("oauth2.grant", "CLIENT_CREDENTIALS");
        assertThat(block("oauth2.tenantId").isDisplayed()).as("Microsoft 365 only").isFalse();
        assertThat(block("oauth2.serviceAccountJson").isDisplayed()).as("JWT bearer only").isFalse();
        assertThat(block("oauth2.refreshToken").isDisplayed()).as("refresh token only").isFalse();
        assertThat(block("oauth2.tokenEndpoint").isDisplayed()).isTrue();
        type("oauth2.clientId", APP);
        type("oauth2.clientSecret", APP_SECRET);
        type("oauth2.tokenEndpoint", tokens.tokenEndpoint().toString());
        type("oauth2.scope", SCOPE);
        save();

        JsonNode own = api.ok(api.get("/api/units/store-1/smtp"));
        assertThat(own.get("authentication").asText()).isEqualTo("OAUTH2");
        assertThat(own.at("/oauth2/clientSecretSet").asBoolean()).isTrue();
        assertThat(driver.findElement(By.id("oauth2.clientSecret-state")).getText()).isEqualTo("Stored client secret: set");
        assertThat(driver.findElement(By.id("oauth2-settings")).isDisplayed()).as("OAuth 2.0 is the saved choice").isTrue();

        driver.findElement(By.xpath("//button[text()='Test connection']")).click();
        WebElement report = new WebDriverWait(driver, WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("test-report")));
        assertThat(report.findElement(By.cssSelector(".verdict")).getText()).startsWith("Success:");
        assertThat(report.findElement(By.cssSelector("pre.transcript")).getText())
                .contains("OAuth 2.0: token endpoint " + tokens.tokenEndpoint(), "AUTH XOAUTH2");
        WebElement fingerprint = report.findElement(By.cssSelector("#certificate-chain .fingerprint"));
        assertThat(fingerprint.getText()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(fingerprint.getCssValue("user-select")).isEqualTo("all");

        new RelayClient(relay.smtpPort()).send("store-1", "erp@legacy.local", "customer1@shop.example", "client credentials");
        await().atMost(WAIT).until(() -> !upstream.receivedFor("customer1@shop.example").isEmpty());
        assertThat(upstream.logins(STORE_1)).anyMatch(Xoauth2Upstream.Login::accepted);
    }

    @Test
    void signingInWithTheProviderStoresTheRefreshTokenAndTheStoreDelivers() throws Exception {
        open(SMTP_PAGE + "?unit=store-2");
        connection(STORE_2);
        choose("authentication", "OAUTH2");
        choose("oauth2.provider", "GENERIC");
        choose("oauth2.grant", "REFRESH_TOKEN");
        assertThat(block("oauth2.authorizationEndpoint").isDisplayed()).isTrue();
        type("oauth2.clientId", SIGN_IN_APP);
        type("oauth2.clientSecret", SIGN_IN_SECRET);
        type("oauth2.tokenEndpoint", tokens.tokenEndpoint().toString());
        type("oauth2.authorizationEndpoint", tokens.authorizationEndpoint().toString());
        type("oauth2.scope", SCOPE);
        save();
        assertThat(driver.findElement(By.id("oauth2-redirect-uri")).getText()).isEqualTo(base + "/admin/oauth2/callback");
        assertThat(driver.findElement(By.id("oauth2.refreshToken-state")).getText()).isEqualTo("Stored refresh token: not set");

        // To the stand-in's sign-in page; signing in there sends the browser back, without the Strict cookie.
        driver.findElement(By.id("oauth2-sign-in")).click();
        WebElement account = visible(By.name("username"));
        assertThat(driver.getCurrentUrl()).startsWith(tokens.authorizationEndpoint() + "?")
                .contains("client_id=" + SIGN_IN_APP, "code_challenge_method=S256", "login_hint=store2%40example.net");
        account.sendKeys(STORE_2);
        driver.findElement(By.name("claims")).sendKeys("{\"email\": \"" + STORE_2 + "\"}");
        driver.findElement(By.cssSelector("input[type=submit]")).click();
        WebElement result = visible(By.id("sign-in-result"));
        assertThat(driver.getCurrentUrl()).startsWith(base + "/admin/oauth2/callback?");
        assertThat(result.getText()).isEqualTo("Signed in as " + STORE_2 + "; the refresh token is stored.");
        assertThat(api.ok(api.get("/api/units/store-2/smtp")).at("/oauth2/refreshTokenSet").asBoolean()).isTrue();
        assertThat(tokens.tokenRequests()).anyMatch(r -> "authorization_code".equals(r.grantType())
                && SIGN_IN_APP.equals(r.clientId()) && r.succeeded());

        driver.findElement(By.linkText("Back to the SMTP Server page of Store 2 (store-2)")).click();
        waitForText("Stored refresh token: set");
        assertThat(driver.findElement(By.id("oauth2-sign-in")).getText()).isEqualTo("Sign in with the provider");
        assertThat(api.ok(api.get("/api/audit?unit=store-2")).toString())
                .contains("OAuth 2.0 refresh token", "set by signing in as " + STORE_2);

        new RelayClient(relay.smtpPort()).send("store-2", "erp@legacy.local", "customer2@shop.example", "refresh token");
        await().atMost(WAIT).until(() -> !upstream.receivedFor("customer2@shop.example").isEmpty());
        assertThat(upstream.logins(STORE_2)).anyMatch(Xoauth2Upstream.Login::accepted);
        assertThat(driver.getPageSource()).doesNotContain(SIGN_IN_SECRET, APP_SECRET);
        for (String issued : tokens.issuedRefreshTokens()) {
            assertThat(api.allBodies()).noneMatch(body -> body.contains(issued));
        }
    }

    /** The seed's fields of a connection to the stand-in upstream, STARTTLS, sending as {@code mailbox}. */
    private static void connection(String mailbox) {
        type("serverAddress", "localhost");
        type("port", Integer.toString(upstream.port()));
        type("login", mailbox);
        choose("secureSocketOptions", "START_TLS");
        type("outgoingEmailAddress", mailbox);
    }

    private static void save() {
        driver.findElement(By.cssSelector("button[value=save]")).click();
        waitForText("The settings are saved.");
    }

    /** The field's block (label, help, control), which the page's script shows or hides. */
    private static WebElement block(String id) {
        return driver.findElement(By.id(id)).findElement(By.xpath("./ancestor::div[contains(@class, 'field')][1]"));
    }

    /** The element once visible; otherwise fails naming the page the browser is on. */
    private static WebElement visible(By locator) {
        try {
            return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator));
        } catch (org.openqa.selenium.TimeoutException e) {
            String page = driver.getPageSource();
            throw new AssertionError("no " + locator + " on " + driver.getCurrentUrl() + ": "
                    + page.substring(0, Math.min(2000, page.length())), e);
        }
    }

    private static void choose(String id, String value) {
        new Select(driver.findElement(By.id(id))).selectByValue(value);
    }

    private static void open(String path) {
        driver.get(base + path);
    }

    private static void type(String id, String text) {
        WebElement element = driver.findElement(By.id(id));
        element.clear();
        element.sendKeys(text);
    }

    private static void waitForText(String text) {
        HeadlessChromium.waitForText(driver, WAIT, text);
    }
}
