package dev.storerelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.storerelay.adapter.relay.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

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

    private static MockAuthorizationServer tokens;
    private static Xoauth2Upstream upstream;
    private static AdminApi api;

    @RegisterExtension
    static final RelayExtension relay = RelayExtension.builder().adminPassword(ADMIN_PASSWORD)
            .env(() -> tokens.relayTrustSettings(TestCertificates.localhost())).build();
    // The stand-in's sign-in page links a web font; there is no network, so its name fails at once, not after DNS.
    @RegisterExtension
    static final AdminBrowser browser = new AdminBrowser(relay, "the OAuth 2.0 page browser tests", WAIT,
            "--ignore-certificate-errors", "--host-resolver-rules=MAP fonts.googleapis.com ~NOTFOUND");

    @BeforeAll
    static void start() throws Exception {
        // The sign-in page is shown and filled in, as at a real provider: the redirect back then follows the provider's
        // own form post, a cross-site navigation that brings no SameSite=Strict cookie (an at once approved sign-in
        // would be a redirect chain begun on the admin page, which Chromium treats as same-site).
        tokens = MockAuthorizationServer.builder().interactiveLogin().start();
        tokens.registerClient(APP, APP_SECRET);
        tokens.registerClient(SIGN_IN_APP, SIGN_IN_SECRET);
        upstream = Xoauth2Upstream.start(tokens, SCOPE, TestCertificates.localhost()).allowApp(APP, STORE_1);

        api = relay.api();
        api.ok(api.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
        api.ok(api.put("/api/units/store-1", "{\"name\":\"Store 1\",\"parentId\":\"company\"}"));
        api.ok(api.put("/api/units/store-2", "{\"name\":\"Store 2\",\"parentId\":\"company\"}"));
    }

    @AfterAll
    static void stop() {
        if (upstream != null) {
            upstream.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    @BeforeEach
    void signedIn() {
        // The landing page is the stores overview; each test opens the SMTP Server page itself.
        browser.signInAsAdmin();
    }

    @Test
    void clientCredentialsSetOnThePageTestTheConnectionAndDeliver() throws Exception {
        browser.open(SMTP_PAGE + "?unit=store-1");
        connection(STORE_1);
        WebElement oauth2 = browser.driver().findElement(By.id("oauth2-settings"));
        assertThat(oauth2.isDisplayed()).as("hidden while Password is chosen").isFalse();
        browser.select("authentication", "OAUTH2");
        assertThat(oauth2.isDisplayed()).isTrue();
        browser.select("oauth2.provider", "GENERIC");
        browser.select("oauth2.grant", "CLIENT_CREDENTIALS");
        assertThat(block("oauth2.tenantId").isDisplayed()).as("Microsoft 365 only").isFalse();
        assertThat(block("oauth2.serviceAccountJson").isDisplayed()).as("JWT bearer only").isFalse();
        assertThat(block("oauth2.refreshToken").isDisplayed()).as("refresh token only").isFalse();
        assertThat(block("oauth2.tokenEndpoint").isDisplayed()).isTrue();
        browser.type("oauth2.clientId", APP);
        browser.type("oauth2.clientSecret", APP_SECRET);
        browser.type("oauth2.tokenEndpoint", tokens.tokenEndpoint().toString());
        browser.type("oauth2.scope", SCOPE);
        save();

        JsonNode own = api.ok(api.get("/api/units/store-1/smtp"));
        assertThat(own.get("authentication").asText()).isEqualTo("OAUTH2");
        assertThat(own.at("/oauth2/clientSecretSet").asBoolean()).isTrue();
        assertThat(browser.driver().findElement(By.id("oauth2.clientSecret-state")).getText()).isEqualTo("Stored client secret: set");
        assertThat(browser.driver().findElement(By.id("oauth2-settings")).isDisplayed()).as("OAuth 2.0 is the saved choice").isTrue();

        browser.driver().findElement(By.xpath("//button[text()='Test connection']")).click();
        WebElement report = new WebDriverWait(browser.driver(), WAIT)
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
        browser.open(SMTP_PAGE + "?unit=store-2");
        connection(STORE_2);
        browser.select("authentication", "OAUTH2");
        browser.select("oauth2.provider", "GENERIC");
        browser.select("oauth2.grant", "REFRESH_TOKEN");
        assertThat(block("oauth2.authorizationEndpoint").isDisplayed()).isTrue();
        browser.type("oauth2.clientId", SIGN_IN_APP);
        browser.type("oauth2.clientSecret", SIGN_IN_SECRET);
        browser.type("oauth2.tokenEndpoint", tokens.tokenEndpoint().toString());
        browser.type("oauth2.authorizationEndpoint", tokens.authorizationEndpoint().toString());
        browser.type("oauth2.scope", SCOPE);
        save();
        assertThat(browser.driver().findElement(By.id("oauth2-redirect-uri")).getText()).isEqualTo(browser.base() + "/admin/oauth2/callback");
        assertThat(browser.driver().findElement(By.id("oauth2.refreshToken-state")).getText()).isEqualTo("Stored refresh token: not set");

        // To the stand-in's sign-in page; signing in there sends the browser back, without the Strict cookie.
        browser.driver().findElement(By.id("oauth2-sign-in")).click();
        WebElement account = visible(By.name("username"));
        assertThat(browser.driver().getCurrentUrl()).startsWith(tokens.authorizationEndpoint() + "?")
                .contains("client_id=" + SIGN_IN_APP, "code_challenge_method=S256", "login_hint=store2%40example.net");
        account.sendKeys(STORE_2);
        browser.driver().findElement(By.name("claims")).sendKeys("{\"email\": \"" + STORE_2 + "\"}");
        browser.driver().findElement(By.cssSelector("input[type=submit]")).click();
        WebElement result = visible(By.id("sign-in-result"));
        assertThat(browser.driver().getCurrentUrl()).startsWith(browser.base() + "/admin/oauth2/callback?");
        assertThat(result.getText()).isEqualTo("Signed in as " + STORE_2 + "; the refresh token is stored.");
        assertThat(api.ok(api.get("/api/units/store-2/smtp")).at("/oauth2/refreshTokenSet").asBoolean()).isTrue();
        assertThat(tokens.tokenRequests()).anyMatch(r -> "authorization_code".equals(r.grantType())
                && SIGN_IN_APP.equals(r.clientId()) && r.succeeded());

        browser.driver().findElement(By.linkText("Back to the SMTP Server page of Store 2 (store-2)")).click();
        browser.waitForText("Stored refresh token: set");
        assertThat(browser.driver().findElement(By.id("oauth2-sign-in")).getText()).isEqualTo("Sign in with the provider");
        assertThat(api.ok(api.get("/api/audit?unit=store-2")).toString())
                .contains("OAuth 2.0 refresh token", "set by signing in as " + STORE_2);

        new RelayClient(relay.smtpPort()).send("store-2", "erp@legacy.local", "customer2@shop.example", "refresh token");
        await().atMost(WAIT).until(() -> !upstream.receivedFor("customer2@shop.example").isEmpty());
        assertThat(upstream.logins(STORE_2)).anyMatch(Xoauth2Upstream.Login::accepted);
        assertThat(browser.driver().getPageSource()).doesNotContain(SIGN_IN_SECRET, APP_SECRET);
        for (String issued : tokens.issuedRefreshTokens()) {
            assertThat(api.allBodies()).noneMatch(body -> body.contains(issued));
        }
    }

    /** The seed's fields of a connection to the stand-in upstream, STARTTLS, sending as {@code mailbox}. */
    private static void connection(String mailbox) {
        browser.type("serverAddress", "localhost");
        browser.type("port", Integer.toString(upstream.port()));
        browser.type("login", mailbox);
        browser.select("secureSocketOptions", "START_TLS");
        browser.type("outgoingEmailAddress", mailbox);
    }

    private static void save() {
        browser.driver().findElement(By.cssSelector("button[value=save]")).click();
        browser.waitForText("The settings are saved.");
    }

    /** The field's block (label, help, control), which the page's script shows or hides. */
    private static WebElement block(String id) {
        return browser.driver().findElement(By.id(id)).findElement(By.xpath("./ancestor::div[contains(@class, 'field')][1]"));
    }

    /** The element once visible; otherwise fails naming the page the browser is on. */
    private static WebElement visible(By locator) {
        try {
            return new WebDriverWait(browser.driver(), WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator));
        } catch (org.openqa.selenium.TimeoutException e) {
            String page = browser.driver().getPageSource();
            throw new AssertionError("no " + locator + " on " + browser.driver().getCurrentUrl() + ": "
                    + page.substring(0, Math.min(2000, page.length())), e);
        }
    }
}
