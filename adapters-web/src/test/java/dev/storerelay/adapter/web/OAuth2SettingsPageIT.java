package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SMTP Server screen's parts the seed predates, over real HTTP: the Authentication choice, the OAuth 2.0 fields
 * with their help and write-only secrets, and the unit's own trust.
 */
class OAuth2SettingsPageIT {
    private static final String SMTP = AdminLayout.SMTP_SERVER;
    private static final String CLIENT_SECRET = "Page-Client-Secret-Value-61";
    private static final String SERVICE_ACCOUNT = "{\"type\": \"service_account\", \"private_key\": \"Page-Service-Key-62\"}";
    private static final String PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nPage-Private-Key-63\n-----END PRIVATE KEY-----";
    private static final String REFRESH_TOKEN = "Page-Refresh-Token-64";
    private static final String TENANT = "0b8f3a6e-52c3-4f5b-9e2a-7d1c4b6a8e90";
    private static final String PIN = "3A:5F:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD";
    /** A self-signed CA certificate (P-256, valid until 2126), for the trust field. */
    private static final String CA_PEM = """
            -----BEGIN CERTIFICATE-----
            MIIBlDCCATmgAwIBAgIUW3Q37piE0J2PG6p87ABshQX8D4MwCgYIKoZIzj0EAwIw
            HjEcMBoGA1UEAwwTU3RvcmUgUmVsYXkgVGVzdCBDQTAgFw0yNjEyMDYyMzQwMjJa
            GA8yMTI2MTExMjIzNDAyMlowHjEcMBoGA1UEAwwTU3RvcmUgUmVsYXkgVGVzdCBD
            QTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABFaUhFyCmW5aMiPK9KigtV0458hn
            c7tHZN/StfbwcrnESz0SxEoc1n9ePUrVz32EpqGtzO2jQa86xOvnTRxdO5CjUzBR
            MB0GA1UdDgQWBBSQYohnhK9KHahKHb2uAnOGNaBIIzAfBgNVHSMEGDAWgBSQYohn
            hK9KHahKHb2uAnOGNaBIIzAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kA
            MEYCIQD/J1U92XaBC9cO+ISGMDi0aq3GO0x+V3SVYN49067v9QIhAJJq7lvnow37
            1wMzZdxhAy4nxI8MURcgzgpTP9q1gkxj
            -----END CERTIFICATE-----""";

    @RegisterExtension
    final ApiServer api = new ApiServer().withRegionNorth();
    private final AdminBrowser browser = new AdminBrowser(api.server().port());

    @AfterEach
    void stop() {
        for (String body : concat(browser.pages(), api.bodies())) {
            assertThat(body).doesNotContain(CLIENT_SECRET, "Page-Service-Key-62", "Page-Private-Key-63", REFRESH_TOKEN);
        }
    }

    @Test
    void theFormHasTheSeedsSixFieldsThenTheAuthenticationChoiceAndTheOAuth2FieldsWithWhatToRegister() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        String html = browser.get(SMTP + "?unit=s12").body();

        assertThat(html).containsSubsequence("<label for=\"serverAddress\">SMTP Server Address</label>",
                "<label for=\"port\">Port Number</label>", "<label for=\"login\">SMTP Server Login</label>",
                "<label for=\"password\">SMTP Server Password</label>",
                "<label for=\"secureSocketOptions\">Secure Socket Options</label>",
                "<label for=\"outgoingEmailAddress\">Outgoing Email address</label>",
                "<label for=\"authentication\">Authentication</label>",
                "<option value=\"PASSWORD\">Password</option><option value=\"OAUTH2\">OAuth 2.0</option>",
                "<fieldset id=\"oauth2-settings\" class=\"oauth2\"><legend>OAuth 2.0</legend>",
                "<label for=\"oauth2.provider\">Provider</label>", "<label for=\"oauth2.grant\">Grant</label>",
                "<label for=\"oauth2.tenantId\">Tenant</label>", "<label for=\"oauth2.clientId\">Client ID</label>",
                "<label for=\"oauth2.clientSecret\">Client secret</label>",
                "<label for=\"oauth2.privateKeyPem\">Private key (PEM)</label>",
                "<label for=\"oauth2.certificatePem\">Certificate (PEM)</label>",
                "<label for=\"oauth2.serviceAccountJson\">Service account key (JSON)</label>",
                "<label for=\"oauth2.tokenEndpoint\">Token endpoint</label>",
                "<label for=\"oauth2.authorizationEndpoint\">Sign-in page (authorization endpoint)</label>",
                "<label for=\"oauth2.scope\">Scope</label>", "<label for=\"oauth2.refreshToken\">Refresh token</label>",
                "<fieldset id=\"trust-settings\" class=\"trust\"><legend>Server certificate</legend>",
                "<label for=\"trust.pinnedSha256\">Pinned certificates (SHA-256)</label>",
                "<label for=\"trust.caCertificatesPem\">Trusted CA certificates (PEM)</label>", "</form>");
        // What to register: Entra ID and Google Admin, step by step.
        assertThat(html).contains("App registrations → New registration", "Application (client) ID",
                "Directory (tenant) ID", "Office 365 Exchange Online → Application permissions → SMTP.SendAsApp",
                "Grant admin consent", "New-ServicePrincipal -AppId", "Add-MailboxPermission -Identity &lt;mailbox&gt;",
                "Enterprise applications", "Google Admin console", "Manage domain-wide delegation",
                "https://mail.google.com/", "Service accounts", "Keys tab");
        // Which field is for which provider and grant, for the page's script.
        assertThat(html).contains("<div class=\"field\" data-providers=\"MICROSOFT_365\"><label for=\"oauth2.tenantId\">",
                "<div class=\"field\" data-grants=\"JWT_BEARER\"><label for=\"oauth2.serviceAccountJson\">",
                "<div class=\"field\" data-providers=\"GENERIC\" data-grants=\"REFRESH_TOKEN\"><label for=\"oauth2.authorizationEndpoint\">",
                "<li data-providers=\"GOOGLE\" data-grants=\"JWT_BEARER\">Google Workspace, service account");
        // Every new field says where its value comes from, as the connection's other fields do.
        assertThat(html).contains("<p class=\"source\" id=\"oauth2.clientId-source\">Not set on this unit or any unit above it",
                "<p class=\"source\" id=\"trust.pinnedSha256-source\">Not set on this unit or any unit above it",
                "Stored client secret: not set", "Stored refresh token: not set",
                "<code id=\"oauth2-redirect-uri\">http://127.0.0.1:" + api.server().port() + "/admin/oauth2/callback</code>");
    }

    @Test
    void clientCredentialsSavedOnThePageAreStoredAndASaveWithoutTouchingTheSecretsKeepsThem() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        browser.get(SMTP + "?unit=north");

        HttpResponse<String> save = browser.post(SMTP, oauth2Form("north", Map.of(OAuth2Settings.CLIENT_SECRET, CLIENT_SECRET)));

        assertThat(save.statusCode()).as(save.body()).isEqualTo(303);
        JsonNode own = api.json(api.get("/api/units/north/smtp"));
        assertThat(own.get("authentication").asText()).isEqualTo("OAUTH2");
        assertThat(own.get("login").asText()).isEqualTo("north@shop.example");
        assertThat(own.at("/oauth2/provider").asText()).isEqualTo("MICROSOFT_365");
        assertThat(own.at("/oauth2/grant").asText()).isEqualTo("CLIENT_CREDENTIALS");
        assertThat(own.at("/oauth2/tenantId").asText()).isEqualTo(TENANT);
        assertThat(own.at("/oauth2/clientId").asText()).isEqualTo("relay-app");
        assertThat(own.at("/oauth2/clientSecretSet").asBoolean()).isTrue();
        assertThat(storedOAuth2("north").clientSecret().reveal()).isEqualTo(CLIENT_SECRET);

        // The page as it comes back, submitted untouched: everything stays, the secret too.
        String page = browser.get(SMTP + "?unit=north").body();
        assertThat(page).contains("Set on this unit.", "Stored client secret: set",
                "<option value=\"OAUTH2\" selected>OAuth 2.0</option>",
                "<option value=\"MICROSOFT_365\" selected>",
                "<option value=\"CLIENT_CREDENTIALS\" selected>");
        assertThat(browser.post(SMTP, PageForms.fields(page, SMTP)).statusCode()).isEqualTo(303);
        assertThat(storedOAuth2("north").clientSecret().reveal()).isEqualTo(CLIENT_SECRET);
        assertThat(api.json(api.get("/api/units/north/smtp")).at("/oauth2/tenantId").asText()).isEqualTo(TENANT);

        String store = browser.get(SMTP + "?unit=s12").body();
        assertThat(store).contains("<dt>Login</dt><dd>north@shop.example (OAuth 2.0: Microsoft 365 (Microsoft Entra ID), "
                        + "Client credentials (app-only))</dd>",
                "<p class=\"source\" id=\"oauth2.clientId-source\">Inherited from Region North (north).</p>",
                "<p class=\"source\" id=\"authentication-source\">Inherited from Region North (north).</p>");
    }

    @Test
    void savingThePageOfAUnitWithOAuth2SettingsFromTheApiKeepsThemAll() {
        assertThat(api.put("/api/units/north/smtp", """
                {"serverAddress": "smtp.example.net", "port": 587, "secureSocketOptions": "START_TLS",
                 "login": "north@shop.example", "authentication": "OAUTH2",
                 "oauth2": {"provider": "GENERIC", "grant": "REFRESH_TOKEN", "clientId": "relay",
                            "clientSecret": "%s", "tokenEndpoint": "https://login.example.net/token",
                            "authorizationEndpoint": "https://login.example.net/authorize", "scope": "smtp.send",
                            "refreshToken": "%s"},
                 "trust": {"pinnedSha256": ["%s"]}}""".formatted(CLIENT_SECRET, REFRESH_TOKEN, PIN)).statusCode()).isEqualTo(200);
        String before = api.get("/api/units/north/smtp").body();
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        String page = browser.get(SMTP + "?unit=north").body();
        HttpResponse<String> save = browser.post(SMTP, PageForms.fields(page, SMTP));

        assertThat(save.statusCode()).as(save.body()).isEqualTo(303);
        assertThat(api.get("/api/units/north/smtp").body()).isEqualTo(before);
        assertThat(storedOAuth2("north").refreshToken().reveal()).isEqualTo(REFRESH_TOKEN);
        assertThat(storedOAuth2("north").clientSecret().reveal()).isEqualTo(CLIENT_SECRET);
    }

    @Test
    void aFieldErrorIsShownNextToItsFieldAndTheTypedValuesAreKeptButNoSecret() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        Map<String, String> form = oauth2Form("north", Map.of(OAuth2Settings.CLIENT_SECRET, CLIENT_SECRET,
                OAuth2Settings.TENANT_ID, "not a tenant", OAuth2Settings.CLIENT_ID, ""));

        HttpResponse<String> response = browser.post(SMTP, form);

        assertThat(response.statusCode()).isEqualTo(400);
        String html = response.body();
        assertThat(html).contains("The settings were not saved: correct the marked fields.");
        assertThat(html).containsPattern("(?s)<div class=\"field has-error\" data-providers=\"MICROSOFT_365\">"
                + "<label for=\"oauth2.tenantId\">Tenant</label>.*?<p class=\"error\" id=\"oauth2.tenantId-error\">The tenant is a GUID[^<]*</p>"
                + "<input id=\"oauth2.tenantId\" name=\"oauth2.tenantId\" type=\"text\" value=\"not a tenant\"");
        assertThat(html).containsPattern("(?s)<label for=\"oauth2.clientId\">Client ID</label>.*?"
                + "<p class=\"error\" id=\"oauth2.clientId-error\">Enter the client id[^<]*</p><input id=\"oauth2.clientId\"");
        assertThat(html).contains("<option value=\"OAUTH2\" selected>",
                "<option value=\"MICROSOFT_365\" selected>", "<option value=\"CLIENT_CREDENTIALS\" selected>",
                "value=\"north@shop.example\"", "aria-invalid=\"true\"", "Stored client secret: not set");
        assertThat(api.get("/api/units/north/smtp").body()).doesNotContain("OAUTH2");
    }

    @Test
    void fieldsThatDoNotApplyToTheChosenProviderAndGrantAreNotSaved() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        browser.get(SMTP + "?unit=north");
        assertThat(browser.post(SMTP, oauth2Form("north", Map.of(OAuth2Settings.CLIENT_SECRET, CLIENT_SECRET))).statusCode())
                .isEqualTo(303);

        // To Google's service account, as the script leaves the form: the tenant and the stored secret do not apply.
        Map<String, String> google = oauth2Form("north", Map.of(OAuth2Settings.PROVIDER, "GOOGLE",
                OAuth2Settings.GRANT, "JWT_BEARER", OAuth2Settings.CLIENT_ID, "1234567890",
                OAuth2Settings.SERVICE_ACCOUNT_JSON, SERVICE_ACCOUNT, OAuth2Settings.SCOPE, "ignored.scope"));
        HttpResponse<String> save = browser.post(SMTP, google);

        assertThat(save.statusCode()).as(save.body()).isEqualTo(303);
        JsonNode oauth2 = api.json(api.get("/api/units/north/smtp")).get("oauth2");
        assertThat(oauth2.get("provider").asText()).isEqualTo("GOOGLE");
        assertThat(oauth2.get("tenantId").isNull()).isTrue();
        assertThat(oauth2.get("scope").isNull()).isTrue();
        assertThat(oauth2.get("clientSecretSet").asBoolean()).isFalse();
        assertThat(oauth2.get("serviceAccountSet").asBoolean()).isTrue();
        assertThat(api.auditLog.find(UnitId.of("north"), 50, 0)).extracting(e -> e.field() + ": " + e.change())
                .contains("OAuth 2.0 client secret: cleared", "OAuth 2.0 service account key: set");

        // Back to a password login: the OAuth 2.0 fields still in the form are not sent, the block goes.
        Map<String, String> password = new LinkedHashMap<>(google);
        password.put("authentication", "PASSWORD");
        password.put("password", "a-new-smtp-password");
        assertThat(browser.post(SMTP, password).statusCode()).isEqualTo(303);
        JsonNode own = api.json(api.get("/api/units/north/smtp"));
        assertThat(own.get("authentication").asText()).isEqualTo("PASSWORD");
        assertThat(own.get("oauth2").isNull()).isTrue();
        assertThat(own.get("passwordSet").asBoolean()).isTrue();
    }

    @Test
    void aSecretIsClearedWithItsBox() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        browser.get(SMTP + "?unit=north");
        browser.post(SMTP, oauth2Form("north", Map.of(OAuth2Settings.GRANT, "REFRESH_TOKEN",
                OAuth2Settings.CLIENT_SECRET, CLIENT_SECRET, OAuth2Settings.REFRESH_TOKEN, REFRESH_TOKEN)));
        assertThat(storedOAuth2("north").refreshToken().reveal()).isEqualTo(REFRESH_TOKEN);

        Map<String, String> form = PageForms.fields(browser.get(SMTP + "?unit=north").body(), SMTP);
        form.put(FormFields.clearName(OAuth2Settings.REFRESH_TOKEN), "yes");
        assertThat(browser.post(SMTP, form).statusCode()).isEqualTo(303);

        assertThat(storedOAuth2("north").refreshToken()).isNull();
        assertThat(storedOAuth2("north").clientSecret().reveal()).isEqualTo(CLIENT_SECRET);
    }

    @Test
    void theTrustFieldsRoundTripAndABadFingerprintIsShownAtItsField() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        browser.get(SMTP + "?unit=north");
        Map<String, String> form = passwordForm("north");
        form.put("trust.pinnedSha256", PIN + "\r\n\r\n" + PIN.replace(":", "").toLowerCase().replace("3a5f", "4b60") + "\r\n");
        form.put("trust.caCertificatesPem", CA_PEM);

        HttpResponse<String> save = browser.post(SMTP, form);

        assertThat(save.statusCode()).as(save.body()).isEqualTo(303);
        JsonNode trust = api.json(api.get("/api/units/north/smtp")).get("trust");
        assertThat(trust.get("pinnedSha256")).extracting(JsonNode::asText)
                .containsExactly(PIN, "4B:60" + PIN.substring(5));
        assertThat(trust.get("caCertificatesPem").asText()).isEqualTo(CA_PEM);
        String page = browser.get(SMTP + "?unit=north").body();
        assertThat(page).contains(">" + PIN + "\n4B:60" + PIN.substring(5) + "</textarea>",
                "-----BEGIN CERTIFICATE-----\nMIIBlDCCATmgAwIBAgIUW3Q37piE0J2PG6p87ABshQX8D4MwCgYIKoZIzj0EAwIw");
        assertThat(browser.post(SMTP, PageForms.fields(page, SMTP)).statusCode()).isEqualTo(303);
        assertThat(api.json(api.get("/api/units/north/smtp")).get("trust")).isEqualTo(trust);
        assertThat(api.auditLog.find(UnitId.of("north"), 50, 0)).extracting(e -> e.field())
                .containsOnlyOnce("Pinned server certificates", "Trusted CA certificates");

        form.put("trust.pinnedSha256", PIN + "\nnot-a-fingerprint");
        HttpResponse<String> bad = browser.post(SMTP, form);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).containsPattern("(?s)<label for=\"trust.pinnedSha256\">.*?<p class=\"error\" "
                + "id=\"trust.pinnedSha256-error\">Fingerprint 2: A SHA-256 fingerprint is 32 bytes in hex[^<]*</p>"
                + "<textarea id=\"trust.pinnedSha256\"[^>]*>" + PIN + "\nnot-a-fingerprint</textarea>");
    }

    @Test
    void aViewUserSeesTheOAuth2AndTrustFieldsDisabledAndNoSignIn() {
        api.put("/api/units/north/smtp", """
                {"serverAddress": "smtp.example.net", "login": "north@shop.example", "authentication": "OAUTH2",
                 "oauth2": {"provider": "GOOGLE", "grant": "REFRESH_TOKEN", "clientId": "relay",
                            "clientSecret": "%s"}}""".formatted(CLIENT_SECRET));
        browser.signIn(ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD);

        String html = browser.get(SMTP + "?unit=north").body();

        String form = html.substring(html.indexOf("<form method=\"post\" action=\"" + SMTP + "\""));
        form = form.substring(0, form.indexOf("</form>"));
        assertThat(form).containsSubsequence("<fieldset disabled>", "id=\"authentication\"",
                "id=\"oauth2.provider\"", "id=\"oauth2.clientSecret\"", "id=\"oauth2.refreshToken\"",
                "id=\"trust.pinnedSha256\"", "id=\"trust.caCertificatesPem\"", "</fieldset></fieldset>");
        assertThat(form).endsWith("</fieldset></fieldset>").containsOnlyOnce("<fieldset disabled>");
        assertThat(html).doesNotContain("id=\"oauth2-sign-in\"", ">Sign in with Google</a>")
                .contains("Signing in requires the setup permission.", "Stored client secret: set");
    }

    /** The whole form for {@code unit} with OAuth 2.0 client credentials at Microsoft 365, changed by {@code overrides}. */
    private static Map<String, String> oauth2Form(String unit, Map<String, String> overrides) {
        Map<String, String> form = passwordForm(unit);
        form.put("authentication", "OAUTH2");
        form.put("login", "north@shop.example");
        form.put(OAuth2Settings.PROVIDER, "MICROSOFT_365");
        form.put(OAuth2Settings.GRANT, "CLIENT_CREDENTIALS");
        form.put(OAuth2Settings.TENANT_ID, TENANT);
        form.put(OAuth2Settings.CLIENT_ID, "relay-app");
        for (String field : List.of(OAuth2Settings.CLIENT_SECRET, OAuth2Settings.PRIVATE_KEY_PEM, OAuth2Settings.CERTIFICATE_PEM,
                OAuth2Settings.SERVICE_ACCOUNT_JSON, OAuth2Settings.TOKEN_ENDPOINT, OAuth2Settings.AUTHORIZATION_ENDPOINT,
                OAuth2Settings.SCOPE, OAuth2Settings.REFRESH_TOKEN)) {
            form.put(field, "");
        }
        form.putAll(overrides);
        return form;
    }

    /** Every field of the form as a browser sends it, with a server and a password-less connection. */
    private static Map<String, String> passwordForm(String unit) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("unit", unit);
        form.put("serverAddress", "smtp.office365.com");
        form.put("port", "587");
        form.put("login", "");
        form.put("password", "");
        form.put("secureSocketOptions", "START_TLS");
        form.put("outgoingEmailAddress", "");
        form.put("authentication", "PASSWORD");
        form.put("trust.pinnedSha256", "");
        form.put("trust.caCertificatesPem", "");
        return form;
    }

    private OAuth2Settings storedOAuth2(String unit) {
        return api.unitSettings.loadSettings(UnitId.of(unit)).connection().oauth2();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
