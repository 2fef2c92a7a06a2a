package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Sign in with …" over real HTTP against a provider that approves at once ({@link FakeAuthorizationCodeFlow}): the link
 * sends the browser to the authorization URL with a state, and the redirect back, which brings no session cookie
 * (SameSite=Strict), stores the refresh token from the state alone, once, within ten minutes, for the unit it began for.
 */
class OAuth2SignInPageIT {
    private static final String SMTP = AdminLayout.SMTP_SERVER;
    private static final Pattern STATE = Pattern.compile("[?&]state=([^&]+)");

    @RegisterExtension
    final ApiServer api = new ApiServer().withRegionNorth();
    private final AdminBrowser browser = new AdminBrowser(api.server().port());

    @BeforeEach
    void start() {
        api.unit("south", "Region South", "acme");
        refreshTokenSettings("north", "north@shop.example");
        refreshTokenSettings("south", "south@shop.example");
    }

    @AfterEach
    void stop() {
        assertThat(browser.pages()).noneMatch(page -> page.contains(FakeAuthorizationCodeFlow.REFRESH_TOKEN));
        assertThat(api.bodies()).noneMatch(body -> body.contains(FakeAuthorizationCodeFlow.REFRESH_TOKEN));
    }

    @Test
    void theLinkOnThePageSendsTheBrowserToTheAuthorizationUrlWithTheStateAndTheRedirectUri() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        String callback = "http://127.0.0.1:" + api.server().port() + OAuth2SignInRoutes.CALLBACK;

        String page = browser.get(SMTP + "?unit=north").body();
        assertThat(page).contains("<a href=\"" + OAuth2SignInRoutes.START + "?unit=north\" id=\"oauth2-sign-in\" "
                + "class=\"button\">Sign in with the provider</a>", "<code id=\"oauth2-redirect-uri\">" + callback + "</code>");
        HttpResponse<String> start = browser.get(OAuth2SignInRoutes.START + "?unit=north");

        assertThat(start.statusCode()).isEqualTo(303);
        String location = start.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("https://login.example.net/authorize?client_id=relay&redirect_uri="
                + URLEncoder.encode(callback, StandardCharsets.UTF_8) + "&state=").endsWith("&login_hint=north%40shop.example");
        assertThat(state(location)).matches("[A-Za-z0-9_-]{43}");
        assertThat(browser.get(SMTP + "?unit=s12").body()).as("s12 inherits north's block")
                .doesNotContain("id=\"oauth2-sign-in\"")
                .contains("The refresh token belongs to Region North (north), whose connection this unit inherits");
    }

    @Test
    void theCallbackWithoutAnyCookieStoresTheRefreshTokenAsTheAdminWhoBeganAndSaysSo() {
        String state = beginSignIn("north");
        int retries = api.messages.deferredRetries().size();

        HttpResponse<String> callback = cookieless().get(OAuth2SignInRoutes.CALLBACK + "?code="
                + FakeAuthorizationCodeFlow.codeFor(state) + "&state=" + state);

        assertThat(callback.statusCode()).isEqualTo(200);
        assertThat(callback.headers().firstValue("Content-Security-Policy")).hasValue(AdminPageAccess.CSP);
        assertThat(callback.body()).contains("Signed in as north@shop.example; the refresh token is stored.",
                "<a href=\"" + SMTP + "?unit=north\">Back to the SMTP Server page of Region North (north)</a>");
        assertThat(api.json(api.get("/api/units/north/smtp")).at("/oauth2/refreshTokenSet").asBoolean()).isTrue();
        assertThat(storedRefreshToken("north")).isEqualTo(FakeAuthorizationCodeFlow.REFRESH_TOKEN);
        assertThat(api.auditLog.find(UnitId.of("north"), 10, 0)).first().satisfies(entry -> {
            assertThat(entry.actor()).isEqualTo(ApiServer.ADMIN);
            assertThat(entry.field() + ": " + entry.change())
                    .isEqualTo("OAuth 2.0 refresh token: set by signing in as north@shop.example");
        });
        assertThat(api.messages.deferredRetries()).as("the deferred mail of the unit's stores is tried again")
                .hasSize(retries + 1).last().isEqualTo(java.util.Set.of(UnitId.of("north"), UnitId.of("s12")));
        assertThat(browser.get(SMTP + "?unit=north").body()).contains("Stored refresh token: set");
    }

    @Test
    void anUnknownUsedOrLapsedStateIsRefusedWithoutChangingOrTellingAnything() {
        HttpResponse<String> unknown = cookieless().get(OAuth2SignInRoutes.CALLBACK + "?code=code-guess&state=guess");
        assertRefusedQuietly(unknown);
        assertRefusedQuietly(cookieless().get(OAuth2SignInRoutes.CALLBACK));
        assertThat(api.authorizationCodeFlow.exchanges()).as("no code is exchanged without a known state").isEmpty();

        String used = beginSignIn("north");
        assertThat(cookieless().get(callback(used)).statusCode()).isEqualTo(200);
        api.put("/api/units/north/smtp", settingsJson("north@shop.example", ""));   // clears the stored token
        assertRefusedQuietly(cookieless().get(callback(used)));
        assertThat(storedRefreshToken("north")).as("a used state stores nothing again").isNull();

        String lapsed = beginSignIn("north");
        api.signInClock.advance(Duration.ofMinutes(10));
        assertRefusedQuietly(cookieless().get(callback(lapsed)));
        assertThat(storedRefreshToken("north")).isNull();
        assertThat(api.authorizationCodeFlow.exchanges()).hasSize(1);
    }

    @Test
    void theProvidersRefusalIsShownAndEndsTheSignIn() {
        String state = beginSignIn("north");

        HttpResponse<String> refused = cookieless().get(OAuth2SignInRoutes.CALLBACK
                + "?error=access_denied&error_description=The+user+declined+%3Cconsent%3E&state=" + state);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("No refresh token was stored. The provider did not sign you in: access_denied "
                + "(The user declined &lt;consent&gt;)", "Back to the SMTP Server page of Region North (north)");
        assertThat(storedRefreshToken("north")).isNull();
        assertRefusedQuietly(cookieless().get(callback(state)));
    }

    @Test
    void aRefusedExchangeIsNamedWithTheAdviceTheReplyTableKnows() {
        String state = beginSignIn("north");

        HttpResponse<String> failed = cookieless().get(OAuth2SignInRoutes.CALLBACK + "?code="
                + FakeAuthorizationCodeFlow.EXPIRED_CODE + "&state=" + state);

        assertThat(failed.statusCode()).isEqualTo(400);
        assertThat(failed.body()).contains("OAuth 2.0 token refused by login.example.net: invalid_grant (the code has expired)",
                "<p class=\"advice\"><strong>What this means: </strong>The token endpoint refused the grant",
                "<strong>What to do: </strong>Refresh token: sign in again");
        assertThat(storedRefreshToken("north")).isNull();
    }

    @Test
    void aStateIsCompletedOnlyForTheUnitItBeganFor() {
        String forNorth = beginSignIn("north");

        HttpResponse<String> callback = cookieless().get(callback(forNorth) + "&unit=south");

        assertThat(callback.statusCode()).isEqualTo(200);
        assertThat(callback.body()).contains("Region North (north)").doesNotContain("south");
        assertThat(storedRefreshToken("north")).isEqualTo(FakeAuthorizationCodeFlow.REFRESH_TOKEN);
        assertThat(storedRefreshToken("south")).isNull();

        // Another code than the one for this state (say, one issued for another sign-in) fails PKCE at the provider.
        String forSouth = beginSignIn("south");
        String other = beginSignIn("south");
        HttpResponse<String> swapped = cookieless().get(OAuth2SignInRoutes.CALLBACK + "?code="
                + FakeAuthorizationCodeFlow.codeFor(other) + "&state=" + forSouth);
        assertThat(swapped.statusCode()).isEqualTo(400);
        assertThat(swapped.body()).contains("PKCE verification failed");
        assertThat(storedRefreshToken("south")).isNull();
    }

    @Test
    void aSignInAsAnotherAccountThanTheMailboxIsStoredWithAWarning() {
        api.authorizationCodeFlow.signsInAs("someone.else@shop.example");
        String state = beginSignIn("north");

        String body = cookieless().get(callback(state)).body();

        assertThat(body).contains("Signed in as someone.else@shop.example; the refresh token is stored.",
                "but this unit sends as north@shop.example (its SMTP Server Login)");
    }

    @Test
    void beginningNeedsASetupAdminsSessionAndSettingsThatCanSignIn() {
        AdminBrowser anonymous = cookieless();
        HttpResponse<String> signedOut = anonymous.get(OAuth2SignInRoutes.START + "?unit=north");
        assertThat(signedOut.statusCode()).isEqualTo(303);
        assertThat(signedOut.headers().firstValue("Location")).hasValue(AdminPageAccess.SIGN_IN);

        AdminBrowser viewer = new AdminBrowser(api.server().port());
        viewer.signIn(ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD);
        HttpResponse<String> byViewer = viewer.get(OAuth2SignInRoutes.START + "?unit=north");
        assertThat(byViewer.statusCode()).isEqualTo(403);
        assertThat(byViewer.headers().firstValue("Location")).isEmpty();

        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        HttpResponse<String> inherited = browser.get(OAuth2SignInRoutes.START + "?unit=s12");
        assertThat(inherited.statusCode()).isEqualTo(409);
        assertThat(inherited.body()).contains("Cannot sign in for Store 12 (s12): This unit has no OAuth 2.0 settings of its own.");
        assertThat(browser.get(OAuth2SignInRoutes.START + "?unit=nowhere").statusCode()).isEqualTo(404);
        // Only GET is let through without a session, and only for the callback.
        assertThat(anonymous.postRaw(OAuth2SignInRoutes.CALLBACK, Map.of("state", "x")).statusCode()).isEqualTo(303);
    }

    /** Signs in as the setup admin and follows "Sign in with …" as far as the provider; returns the state. */
    private String beginSignIn(String unit) {
        if (browser.csrfToken() == null) {
            browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        }
        HttpResponse<String> start = browser.get(OAuth2SignInRoutes.START + "?unit=" + unit);
        assertThat(start.statusCode()).as(start.body()).isEqualTo(303);
        return state(start.headers().firstValue("Location").orElseThrow());
    }

    private static String callback(String state) {
        return OAuth2SignInRoutes.CALLBACK + "?code=" + FakeAuthorizationCodeFlow.codeFor(state) + "&state=" + state;
    }

    /** A browser coming back from the provider's site: SameSite=Strict keeps the session cookie home. */
    private AdminBrowser cookieless() {
        return new AdminBrowser(api.server().port());
    }

    private static void assertRefusedQuietly(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("This sign-in is unknown, was already completed, or took longer than 10 minutes. "
                + "Nothing was changed.").doesNotContain("north", "North", "south", "Signed in as");
    }

    private static String state(String location) {
        Matcher m = STATE.matcher(location);
        assertThat(m.find()).as(location).isTrue();
        return m.group(1);
    }

    private void refreshTokenSettings(String unit, String mailbox) {
        HttpResponse<String> put = api.put("/api/units/" + unit + "/smtp", settingsJson(mailbox, null));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    /** @param refreshToken {@code null}: omitted (kept); {@code ""}: cleared */
    private static String settingsJson(String mailbox, String refreshToken) {
        return """
                {"serverAddress": "smtp.example.net", "port": 587, "secureSocketOptions": "START_TLS",
                 "login": "%s", "authentication": "OAUTH2",
                 "oauth2": {"provider": "GENERIC", "grant": "REFRESH_TOKEN", "clientId": "relay",
                            "tokenEndpoint": "https://login.example.net/token",
                            "authorizationEndpoint": "https://login.example.net/authorize", "scope": "smtp.send"%s}}"""
                .formatted(mailbox, refreshToken == null ? "" : ", \"refreshToken\": \"" + refreshToken + "\"");
    }

    private String storedRefreshToken(String unit) {
        OAuth2Settings oauth2 = api.unitSettings.loadSettings(UnitId.of(unit)).connection().oauth2();
        return oauth2.refreshToken() == null ? null : oauth2.refreshToken().reveal();
    }
}
