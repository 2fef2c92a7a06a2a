package dev.storerelay.adapter.web;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.application.port.out.MessageView.RecipientView;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin page over real HTTP: sessions, CSRF, permissions, headers, and the SMTP Server screen's behaviour. */
class AdminPageIT {
    private static final String SMTP = AdminLayout.SMTP_SERVER;
    private static final String SMTP_PASSWORD = "Known-Smtp-Secret-42";
    private static final String RELAY_PASSWORD = "Known-Relay-Secret-43";
    private static final Instant RECEIVED = Instant.parse("2026-03-01T09:00:00Z");

    @RegisterExtension
    final ApiServer api = new ApiServer().withRegionNorth();
    private final AdminBrowser browser = new AdminBrowser(api.server().port());

    @Test
    void pagesNeedASignInAndSignOutEndsTheSession() {
        HttpResponse<String> anonymous = browser.get(SMTP + "?unit=s12");
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location")).hasValue(AdminPageAccess.SIGN_IN);

        HttpResponse<String> signIn = browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        assertThat(signIn.statusCode()).isEqualTo(303);
        assertThat(browser.get(SMTP + "?unit=s12").body()).contains("SMTP Server Address", "Signed in as admin");

        HttpResponse<String> signOut = browser.post(AdminPageAccess.SIGN_OUT, Map.of());
        assertThat(signOut.statusCode()).isEqualTo(303);
        assertThat(browser.get(SMTP + "?unit=s12").statusCode()).isEqualTo(303);
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndSentToThePageAndTheApi() {
        HttpResponse<String> signIn = browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(AdminPageAccess.COOKIE + "=").contains("; HttpOnly", "; SameSite=Strict", "; Path=/;")
                .doesNotContain("Secure");
        // 256 random bits, base64url without padding.
        assertThat(cookie.substring(AdminPageAccess.COOKIE.length() + 1, cookie.indexOf(';'))).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void theApiAcceptsThePagesSessionAndAWriteWithItNeedsTheCsrfToken() {
        assertThat(browser.get("/api/units").statusCode()).as("signed out").isEqualTo(401);
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        HttpResponse<String> units = browser.get("/api/units");
        assertThat(units.statusCode()).isEqualTo(200);
        assertThat(units.body()).contains("\"id\":\"s12\"");

        String store = "{\"name\":\"Store 13\",\"parentId\":\"north\"}";
        HttpResponse<String> withoutToken = browser.putJson("/api/units/s13", store, null);
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withoutToken.body()).contains(AdminPageAccess.CSRF_HEADER);
        assertThat(browser.putJson("/api/units/s13", store, "not-the-token").statusCode()).isEqualTo(403);
        assertThat(api.get("/api/units/s13").statusCode()).as("nothing was written").isEqualTo(404);

        assertThat(browser.putJson("/api/units/s13", store, browser.csrfToken()).statusCode()).isBetween(200, 299);
        assertThat(api.get("/api/units/s13").body()).contains("Store 13");

        browser.post(AdminPageAccess.SIGN_OUT, Map.of());
        assertThat(browser.get("/api/units").statusCode()).as("after signing out").isEqualTo(401);
    }

    @Test
    void aViewUsersSessionReadsThroughTheApiButDoesNotWrite() {
        browser.signIn(ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD);

        assertThat(browser.get("/api/units/s12").statusCode()).isEqualTo(200);
        assertThat(browser.putJson("/api/units/s13", "{\"name\":\"Store 13\",\"parentId\":\"north\"}",
                browser.csrfToken()).statusCode()).isEqualTo(403);
        assertThat(api.get("/api/units/s13").statusCode()).isEqualTo(404);
    }

    @Test
    void wrongBasicCredentialsAreRefusedEvenWithASession() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        HttpResponse<String> response = browser.getWithBasic("/api/units", ApiServer.ADMIN, "wrong");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue(AdminAccess.REALM_CHALLENGE);
    }

    @Test
    void theSecureCookiesSettingMarksTheCookieSecure() {
        try (ApiServer secure = new ApiServer(null, true)) {
            HttpResponse<String> signIn = new AdminBrowser(secure.server().port())
                    .signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
            assertThat(signIn.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure");
        }
    }

    @Test
    void unknownAdminPagesAndUnitsAnswerWithAnHtmlPage() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        HttpResponse<String> noPage = browser.get("/admin/no-such-page");
        assertThat(noPage.statusCode()).isEqualTo(404);
        assertThat(noPage.body()).contains("There is no such page.");
        HttpResponse<String> noUnit = browser.get(SMTP + "?unit=nowhere");
        assertThat(noUnit.statusCode()).isEqualTo(404);
        assertThat(noUnit.body()).contains("There is no unit nowhere.");
        assertThat(browser.get(SMTP + "?unit=%3Cscript%3E").body()).doesNotContain("<script>");
        assertThat(browser.get(AdminPageAccess.ASSETS + "../../etc/passwd").statusCode()).isEqualTo(404);
    }

    @Test
    void aWrongPasswordIsRefusedWithoutASession() {
        HttpResponse<String> response = browser.signIn(ApiServer.ADMIN, "wrong");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("The user name or password is wrong.");
        assertThat(response.headers().allValues("Set-Cookie")).as("no session, only a fresh sign-in form token")
                .allSatisfy(c -> assertThat(c).startsWith(SignInRoutes.FORM_COOKIE + "="));
        assertThat(browser.get(SMTP).statusCode()).isEqualTo(303);
    }

    @Test
    void everyAdminResponseCarriesTheSecurityHeaders() {
        List<HttpResponse<String>> responses = List.of(browser.get(AdminPageAccess.SIGN_IN),
                browser.get(AdminPageAccess.ASSETS + "admin.css"), browser.get(SMTP));
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        for (HttpResponse<String> r : List.of(responses.get(0), responses.get(1), responses.get(2),
                browser.get(SMTP + "?unit=s12"), browser.get(AdminLayout.DELIVERY_LOG), browser.get(AdminLayout.UNITS))) {
            assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(
                    "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        }
        assertThat(responses.get(1).headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
    }

    @Test
    void aPostWithoutOrWithAWrongCsrfTokenIsRefused() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        Map<String, String> form = Map.of("unit", "s12", "serverAddress", "smtp.evil.example", "port", "",
                "login", "", "secureSocketOptions", "NONE", "outgoingEmailAddress", "");

        assertThat(browser.postRaw(SMTP, form).statusCode()).isEqualTo(403);
        assertThat(browser.post(SMTP, withCsrf(form, "not-the-token")).statusCode()).isEqualTo(403);
        assertThat(browser.postRaw(AdminPageAccess.SIGN_OUT, Map.of()).statusCode()).isEqualTo(403);
        assertThat(api.get("/api/units/s12/smtp").body()).doesNotContain("smtp.evil.example");
    }

    @Test
    void aSignInFromAnotherSiteIsRefusedLoginCsrf() {
        // Another site can post the right credentials, but not the token that belongs to this page's cookie.
        HttpResponse<String> forged = browser.postRaw(AdminPageAccess.SIGN_IN,
                Map.of("username", ApiServer.ADMIN, "password", ApiServer.ADMIN_PASSWORD));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(AdminPageAccess.COOKIE + "=") && !c.contains("Max-Age=0"));
        assertThat(browser.get(SMTP).statusCode()).as("still signed out").isEqualTo(303);

        HttpResponse<String> form = browser.get(AdminPageAccess.SIGN_IN);
        assertThat(form.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith(SignInRoutes.FORM_COOKIE + "=").contains("HttpOnly", "SameSite=Strict", "Path=/admin/sign-in"));
        assertThat(browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void aViewUserSeesNoActionButtonsAndCannotPost() {
        api.messages.add(message(1, MessageStatus.FAILED, RecipientStatus.FAILED, "550 5.1.1 no such user"));
        browser.signIn(ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD);

        for (String path : List.of(SMTP + "?unit=s12", AdminLayout.DELIVERY_LOG, AdminLayout.DELIVERY_LOG + "/1",
                AdminLayout.UNITS + "?unit=s12")) {
            String html = browser.get(path).body();
            // Only signing out, the delivery log's search and the unit tree's search (GET forms) remain.
            assertThat(buttons(html)).as(path).isSubsetOf("Sign out", "Search", "Find").contains("Sign out");
            assertThat(html).contains("(view only)");
        }
        HttpResponse<String> save = browser.post(SMTP, Map.of("unit", "s12", "serverAddress", "smtp.viewer.example",
                "secureSocketOptions", "NONE"));
        assertThat(save.statusCode()).isEqualTo(403);
        assertThat(save.body()).contains("requires the setup permission");
        assertThat(browser.post(AdminLayout.DELIVERY_LOG + "/1/retry", Map.of()).statusCode()).isEqualTo(403);
        assertThat(browser.post(AdminLayout.UNITS, Map.of("id", "s99", "name", "X", "parentId", "acme")).statusCode()).isEqualTo(403);
        assertThat(api.get("/api/units/s12/smtp").body()).doesNotContain("smtp.viewer.example");
        assertThat(api.get("/api/units/s99").statusCode()).isEqualTo(404);
    }

    @Test
    void aFieldErrorIsShownNextToItsFieldAndTheValuesAreKeptButNotThePassword() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        HttpResponse<String> response = browser.post(SMTP, Map.of("unit", "s12", "serverAddress", "smtp.store12.example",
                "port", "70000", "login", "relay@store12.example", "password", SMTP_PASSWORD,
                "secureSocketOptions", "START_TLS", "outgoingEmailAddress", "store12@example.com"));

        assertThat(response.statusCode()).isEqualTo(400);
        String html = response.body();
        assertThat(html).containsPattern("(?s)<label for=\"port\">Port Number</label>.*<p class=\"error\" id=\"port-error\">[^<]+</p>"
                + "<input id=\"port\" name=\"port\" type=\"text\" value=\"70000\"");
        assertThat(html).contains("value=\"smtp.store12.example\"", "value=\"relay@store12.example\"",
                "value=\"store12@example.com\"", "<option value=\"START_TLS\" data-default-port=\"25\" selected>");
        assertThat(html).doesNotContain(SMTP_PASSWORD);
        assertThat(api.get("/api/units/s12/smtp").body()).doesNotContain("smtp.store12.example");
    }

    @Test
    void savingStoresTheFieldsAndShowsTheirSourceAndTheEffectiveSettings() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        HttpResponse<String> save = browser.post(SMTP, Map.of("unit", "north", "serverAddress", "smtp.north.example",
                "port", "", "login", "relay@north.example", "password", SMTP_PASSWORD,
                "secureSocketOptions", "SSL_ON_CONNECT", "outgoingEmailAddress", ""));
        assertThat(save.statusCode()).as(save.body()).isEqualTo(303);

        assertThat(save.headers().firstValue("Location")).hasValue(SMTP + "?unit=north&saved=1");
        String own = browser.get(save.headers().firstValue("Location").orElseThrow()).body();
        assertThat(own).contains("The settings are saved.", "Set on this unit.", "Stored password: set",
                "smtp.north.example:465 (the default port of the encryption)", "placeholder=\"465\"",
                "placeholder=\"" + ApiServer.DEFAULT_SENDER + "\"", "Not set: the system default sender is used.");
        String store = browser.get(SMTP + "?unit=s12").body();
        assertThat(store).contains("Inherited from Region North (north).", "Stored password: not set",
                "TLS from the first byte (implicit TLS)", "relay@north.example (password set)");
    }

    @Test
    void emptyingTheLoginWhileAPasswordIsStoredAsksToClearThePasswordToo() {
        api.put("/api/units/north/smtp", "{\"serverAddress\":\"smtp.north.example\",\"login\":\"relay\",\"password\":\""
                + SMTP_PASSWORD + "\"}");
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        Map<String, String> form = new java.util.LinkedHashMap<>(PageForms.fields(browser.get(SMTP + "?unit=north").body(), SMTP));
        form.put("login", "");

        HttpResponse<String> refused = browser.post(SMTP, form);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("without the login it would be dropped: to remove both, clear the password as well.");
        assertThat(api.get("/api/units/north/smtp").body()).contains("\"login\":\"relay\"", "\"passwordSet\":true");

        form.put(SmtpServerPage.CLEAR_PASSWORD, "yes");
        assertThat(browser.post(SMTP, form).statusCode()).isEqualTo(303);
        assertThat(api.get("/api/units/north/smtp").body()).contains("\"login\":null", "\"passwordSet\":false");
    }

    @Test
    void aUnitThatInheritsShowsTheInheritedValueInEveryFieldNeverNone() {
        api.put("/api/units/north/smtp", "{\"serverAddress\":\"smtp.north.example\",\"port\":12525,"
                + "\"login\":\"relay@north.example\",\"password\":\"" + SMTP_PASSWORD + "\","
                + "\"secureSocketOptions\":\"START_TLS_WHEN_AVAILABLE\"}");
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        String html = browser.get(SMTP + "?unit=s12").body();

        assertThat(selectedOption(html, "secureSocketOptions")).isEqualTo("Inherited: StartTLS when available (from Region North)");
        assertThat(selectedOption(html, "authentication")).isEqualTo("Inherited: Password (from Region North)");
        assertThat(html).contains("<input id=\"port\" name=\"port\" type=\"text\" value=\"\" placeholder=\"12525\"",
                "<input id=\"serverAddress\" name=\"serverAddress\" type=\"text\" value=\"\" placeholder=\"smtp.north.example\"",
                "<input id=\"login\" name=\"login\" type=\"text\" value=\"\" placeholder=\"relay@north.example\"");
        assertThat(html).doesNotContain("placeholder=\"25\"").doesNotContainPattern("<option value=\"NONE\"[^>]*selected");
        String own = browser.get(SMTP + "?unit=north").body();
        assertThat(selectedOption(own, "secureSocketOptions")).isEqualTo("StartTLS when available");
        assertThat(own).doesNotContain("Inherited: ");

        // Saving the form as shown changes nothing; a server of its own keeps the encryption that was in effect.
        Map<String, String> form = new java.util.LinkedHashMap<>(PageForms.fields(html, SMTP));
        assertThat(browser.post(SMTP, form).statusCode()).isEqualTo(303);
        assertThat(api.json(api.get("/api/units/s12/smtp")).get("serverAddress").isNull()).isTrue();
        form.put("serverAddress", "smtp.s12.example");
        assertThat(browser.post(SMTP, form).statusCode()).isEqualTo(303);
        assertThat(api.json(api.get("/api/units/s12/smtp")).get("secureSocketOptions").asText()).isEqualTo("START_TLS_WHEN_AVAILABLE");
    }

    @Test
    void aUnitWithNothingToInheritSaysSoInsteadOfNone() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        String html = browser.get(SMTP + "?unit=s12").body();

        assertThat(selectedOption(html, "secureSocketOptions")).isEqualTo("Not set (nothing to inherit)");
    }

    @Test
    void theSendersHelpNamesTheOperatorsDefaultSenderAndNoVendor() {
        try (ApiServer configured = new ApiServer(null, false, "post@shop.example")) {
            configured.unit("acme", "Acme", null);
            AdminBrowser admin = new AdminBrowser(configured.server().port());
            admin.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

            String html = admin.get(SMTP + "?unit=acme").body();

            assertThat(html).contains("<p class=\"help\" id=\"outgoingEmailAddress-help\">The email address used as the "
                    + "sender on outgoing emails from store-relay. If the field is not filled in here or on a unit above, the "
                    + "system default sender post@shop.example is used (set by the operator in STORE_RELAY_DEFAULT_SENDER).");
            assertThat(html).doesNotContain("Cloud Retail", "id=\"sender-warning\"");
        }
    }

    @Test
    void thePageWarnsWhileAStoreWouldSendAsTheBuiltInNoReplyAtLocalhost() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        assertThat(browser.get(SMTP + "?unit=s12").body()).containsPattern("<div class=\"notice warning\" id=\"sender-warning\" "
                + "role=\"note\"><p>Mail of this unit would be sent as no-reply@localhost, [^<]*STORE_RELAY_DEFAULT_SENDER");

        api.put("/api/units/north/smtp", "{\"outgoingEmailAddress\":\"north@shop.example\"}");
        assertThat(browser.get(SMTP + "?unit=s12").body()).doesNotContain("sender-warning");
        assertThat(browser.get(SMTP + "?unit=acme").body()).contains("id=\"sender-warning\"");
    }

    @Test
    void savingOnThePageMakesTheDeferredMailOfTheUnitsStoresDueAtOnce() {
        MessageView waiting = message(1, MessageStatus.QUEUED, RecipientStatus.PENDING, "535 5.7.8 authentication failed");
        Instant nextAttempt = ApiServer.NOW.plus(java.time.Duration.ofHours(1));
        api.messages.add(new MessageView(waiting.id(), waiting.store(), waiting.status(), waiting.routingReason(),
                waiting.routingExplanation(), waiting.envelopeSender(), waiting.size(), waiting.receivedAt(), nextAttempt,
                waiting.lastAttemptAt(), waiting.attempts(), waiting.lastError(), waiting.recipients()));
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        int signals = api.deliverySignal.signals();
        Map<String, String> form = new java.util.LinkedHashMap<>(PageForms.fields(browser.get(SMTP + "?unit=north").body(), SMTP));
        form.putAll(Map.of("serverAddress", "smtp.north.example", "login", "relay@north.example", "password", SMTP_PASSWORD));

        assertThat(browser.post(SMTP, form).statusCode()).isEqualTo(303);

        assertThat(api.messages.findMessage(new MessageId(1)).orElseThrow().nextAttemptAt())
                .as("the store's deferred message is due now, not in an hour").isEqualTo(ApiServer.NOW);
        assertThat(api.deliverySignal.signals()).as("the delivery workers are woken").isGreaterThan(signals);
    }

    @Test
    void useInheritedSettingsClearsTheUnitsOwnSettings() {
        api.put("/api/units/s12/smtp", "{\"serverAddress\":\"smtp.s12.example\"}");
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        assertThat(browser.post(SMTP + "/inherit", Map.of("unit", "s12")).statusCode()).isEqualTo(303);

        assertThat(api.get("/api/units/s12/smtp").body()).doesNotContain("smtp.s12.example");
        assertThat(browser.get(SMTP + "?unit=s12").body()).contains("this unit cannot send");
    }

    @Test
    void theConnectionTestShowsTheEscapedTranscript() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        HttpResponse<String> response = browser.post(SMTP + "/test", Map.of("unit", "s12", "testRecipient", "ops@example.com"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Success: " + FakeSmtpTester.VERDICT, "TLSv1.3", "TLS_AES_128_GCM_SHA256",
                "<span class=\"server\">SERVER 220 mail.example.com &lt;ESMTP&gt; &amp; ready", "<span class=\"client\">CLIENT EHLO relay");
        assertThat(response.body()).doesNotContain(FakeSmtpTester.GREETING);
        assertThat(api.smtpTester.lastRecipient()).hasToString("ops@example.com");

        HttpResponse<String> bad = browser.post(SMTP + "/test", Map.of("unit", "s12", "testRecipient", "no address"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Enter an email address", "value=\"no address\"");
    }

    @Test
    void theConnectionTestResultIsShownAtTheTopAndItsHeadingIsTheFormsTargetAndTakesTheFocus() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        String page = browser.get(SMTP + "?unit=s12").body();
        assertThat(page).contains("<form method=\"post\" action=\"" + SMTP + "/test?unit=s12#test-result\">")
                .doesNotContain("id=\"test-result\"");

        String html = browser.post(SMTP + "/test?unit=s12", Map.of("unit", "s12", "testRecipient", "")).body();

        String heading = "<h2 id=\"test-result\" tabindex=\"-1\" autofocus=\"autofocus\">Connection test result</h2>";
        assertThat(html).containsSubsequence(heading, "Success: " + FakeSmtpTester.VERDICT,
                "<form method=\"post\" action=\"" + SMTP + "\"", "Test connection / send test email");
        assertThat(html.indexOf(heading)).isLessThan(html.indexOf("SMTP Server Address"));
        String refused = browser.post(SMTP + "/test?unit=s12", Map.of("unit", "s12", "testRecipient", "no address")).body();
        assertThat(refused).containsSubsequence(heading, "Not tested: Enter an email address", "href=\"#testRecipient\"");
    }

    @Test
    void reloadingTheTestsAddressLeadsBackToTheUnitsSmtpServerPage() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        HttpResponse<String> reload = browser.get(SMTP + "/test?unit=s12");
        assertThat(reload.statusCode()).isEqualTo(303);
        assertThat(reload.headers().firstValue("Location")).hasValue(SMTP + "?unit=s12#test-heading");
        assertThat(browser.get(SMTP + "/test").headers().firstValue("Location")).hasValue(SMTP);
        assertThat(browser.get(SMTP + "/test?unit=nowhere").headers().firstValue("Location")).hasValue(SMTP);
        assertThat(browser.get(SMTP + "?unit=s12").body()).contains("id=\"test-heading\"");
    }

    @Test
    void theConnectionTestShowsTheCertificateChainWithASelectableFingerprint() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        String html = browser.post(SMTP + "/test", Map.of("unit", "s12", "testRecipient", "")).body();

        assertThat(html).containsSubsequence("<h3>Transcript</h3>", "<h3>Certificate chain</h3>",
                "<ol class=\"chain\" id=\"certificate-chain\"><li><dl><dt>Subject</dt><dd>CN=mail.example.com</dd>"
                        + "<dt>Issuer</dt><dd>CN=Example CA</dd><dt>Valid from</dt><dd>2026-01-01 00:00 UTC</dd>"
                        + "<dt>Valid until</dt><dd>2027-01-01 00:00 UTC</dd>"
                        + "<dt>SHA-256</dt><dd><code class=\"fingerprint\">" + FakeSmtpTester.FINGERPRINT + "</code></dd>");
    }

    @Test
    void theDeliveryLogFiltersPagesRetriesAndDiscards() {
        api.messages.add(message(1, MessageStatus.FAILED, RecipientStatus.FAILED, "550 5.1.1 no such <user>"));
        api.messages.add(message(2, MessageStatus.QUEUED, RecipientStatus.PENDING, null));
        for (int i = 3; i <= 60; i++) {
            api.messages.add(message(i, MessageStatus.DELIVERED, RecipientStatus.DELIVERED, "250 ok"));
        }
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        String failed = browser.get(AdminLayout.DELIVERY_LOG + "?unit=s12&status=failed").body();
        assertThat(failed).contains("b@example.com: failed", "The upstream server refused it for good (550)", "Retry message 1")
                .doesNotContain("message-2").as("the raw reply is on the message's page only").doesNotContain("no such");
        assertThat(browser.get(AdminLayout.DELIVERY_LOG + "/1").body()).contains("550 5.1.1 no such &lt;user&gt;");
        String first = browser.get(AdminLayout.DELIVERY_LOG + "?unit=s12").body();
        assertThat(first).contains("Next page").doesNotContain("Previous page");
        assertThat(Pattern.compile("<tr id=\"message-").matcher(first).results().count()).isEqualTo(DeliveryLogPage.PAGE_SIZE);
        String second = browser.get(AdminLayout.DELIVERY_LOG + "?unit=s12&page=2").body();
        assertThat(second).contains("Previous page", "message-1\"").doesNotContain("Next page");

        assertThat(browser.post(AdminLayout.DELIVERY_LOG + "/1/retry?unit=s12&status=&page=2", Map.of()).statusCode()).isEqualTo(303);
        assertThat(api.messages.findMessage(new MessageId(1)).orElseThrow().status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(browser.post(AdminLayout.DELIVERY_LOG + "/2/discard", Map.of()).statusCode()).isEqualTo(303);
        MessageView discarded = api.messages.findMessage(new MessageId(2)).orElseThrow();
        assertThat(discarded.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(discarded.recipients().get(0).lastReply()).isEqualTo("discarded by an admin");
        HttpResponse<String> again = browser.post(AdminLayout.DELIVERY_LOG + "/3/retry", Map.of());
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("was delivered to every recipient");
    }

    @Test
    void theDeliveryLogSearchesAndEachMessageHasAPageWithItsAttempts() {
        String refused = "535 5.7.8 Username and Password not accepted. https://support.google.com/mail/?p=BadCredentials";
        api.messages.add(new MessageView(new MessageId(7), UnitId.of("s12"), MessageStatus.QUEUED, RoutingReason.STORE_HEADER,
                "the message named store s12 in X-Store-Id", "erp@shop.example", 99, RECEIVED, RECEIVED.plusSeconds(600),
                RECEIVED.plusSeconds(5), 1, "0 of 1 recipient(s) delivered; anna@example.com: pending, 451 4.7.0 later",
                List.of(new RecipientView("anna@example.com", RecipientStatus.PENDING, refused, RECEIVED.plusSeconds(5))),
                "Order confirmation 4711", "<4711@erp.local>", "store12@shop.example"));
        api.messages.add(message(8, MessageStatus.DELIVERED, RecipientStatus.DELIVERED, "250 ok"));
        api.messages.addAttempts(new MessageId(7), List.of(new dev.storerelay.application.port.out.AttemptView(RECEIVED.plusSeconds(5),
                true, false, "0 of 1 recipient(s) delivered; anna@example.com: pending, " + refused)));
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        String found = browser.get(AdminLayout.DELIVERY_LOG + "?unit=north&recipient=ANNA@*").body();
        assertThat(found).contains("message-7\"", "Order confirmation 4711", "&lt;4711@erp.local&gt;",
                "sent as store12@shop.example", "value=\"ANNA@*\"", "Google did not accept the login")
                .containsPattern("<span class=\"message-state\">deferred</span><div class=\"next-attempt\">next attempt "
                        + "2026-03-01 09:10:00 UTC</div>")
                .doesNotContain("message-8\"", "Username and Password not accepted");
        assertThat(browser.get(AdminLayout.DELIVERY_LOG + "?subject=order").body()).contains("message-7\"").doesNotContain("message-8\"");

        HttpResponse<String> unknown = browser.get(AdminLayout.DELIVERY_LOG + "?unit=s99");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("There is no unit s99.", "value=\"s99\"");
        HttpResponse<String> bad = browser.get(AdminLayout.DELIVERY_LOG + "?since=last+week");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Received from (UTC): Give an ISO-8601 time", "value=\"last week\"");

        String page = browser.get(AdminLayout.DELIVERY_LOG + "/7").body();
        assertThat(page).contains("<h1>Message 7</h1>", "Routing decision", "STORE_HEADER",
                "the message named store s12 in X-Store-Id", "anna@example.com", "Username and Password not accepted",
                "Attempts, oldest first", "Google did not accept the login", "Retry message 7", "Discard message 7");
        HttpResponse<String> retried = browser.post(AdminLayout.DELIVERY_LOG + "/7/retry?from=message", Map.of());
        assertThat(retried.statusCode()).isEqualTo(303);
        assertThat(retried.headers().firstValue("Location")).contains(AdminLayout.DELIVERY_LOG + "/7?done=retry");
        assertThat(browser.get(AdminLayout.DELIVERY_LOG + "/99").statusCode()).isEqualTo(404);
    }

    @Test
    void theLogsShowTimesAsTimeElementsWithTheInstantAndUtcOnHover() {
        api.messages.add(message(1, MessageStatus.FAILED, RecipientStatus.FAILED, "550 no"));
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        browser.post(AdminLayout.DELIVERY_LOG + "/1/retry", Map.of());

        String log = browser.get(AdminLayout.DELIVERY_LOG + "?unit=s12").body();
        assertThat(log).contains("<time datetime=\"2026-03-01T09:00:01Z\" title=\"2026-03-01 09:00:01 UTC\">2026-03-01 09:00:01 UTC</time>");
        String audit = browser.get(AdminLayout.AUDIT_LOG).body();
        assertThat(audit).contains("<time datetime=\"2026-03-01T10:15:30Z\" title=\"2026-03-01 10:15:30 UTC\">");
        Matcher times = Pattern.compile("<time ([^>]*)>").matcher(log + audit);
        int count = 0;
        while (times.find()) {
            count++;
            assertThat(times.group(1)).matches("datetime=\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\" title=\"[^\"]+ UTC\"");
        }
        assertThat(count).isGreaterThanOrEqualTo(2);
        assertThat(browser.get(AdminPageAccess.ASSETS + "admin.js").body()).contains("time[datetime]", "toLocaleString");
        assertThat(browser.get(AdminPageAccess.ASSETS + "admin.css").body()).contains("main { padding: 0 1rem 2rem; }\n",
                "table.log { border-collapse: collapse; width: 100%;");
    }

    @Test
    void theDeliveryLogExplainsAWellKnownReplyUnderIt() {
        api.messages.add(message(1, MessageStatus.FAILED, RecipientStatus.FAILED,
                "535 5.7.8 Username and Password not accepted. <Learn more> at 535 5.7.8 https://support.google.com/mail/?p=BadCredentials"));
        api.messages.add(message(2, MessageStatus.FAILED, RecipientStatus.FAILED, "550 5.1.1 no such user"));
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        String html = browser.get(AdminLayout.DELIVERY_LOG + "?unit=s12").body();

        assertThat(html).containsPattern("(?s)<tr id=\"message-1\".*b@example.com: failed.*?<td class=\"reply\">"
                + "<p class=\"advice\"><strong>What this means:</strong> "
                + "Google did not accept the login: .*<strong>What to do:</strong> With a password: enter the mailbox's "
                + "full address .*</p></td>");
        assertThat(html.substring(html.indexOf("<tr id=\"message-2\""), html.indexOf("<tr id=\"message-1\"")))
                .contains("refused it for good (550)").doesNotContain("class=\"advice\"");
    }

    @Test
    void recipientsRefusedAlikeGetTheAdviceOnce() {
        String refused = "upstream smtp.office365.com refused the login: 535 5.7.3 Authentication unsuccessful";
        MessageView one = message(1, MessageStatus.QUEUED, RecipientStatus.PENDING, refused);
        api.messages.add(new MessageView(one.id(), one.store(), one.status(), one.routingReason(), one.routingExplanation(),
                one.envelopeSender(), one.size(), one.receivedAt(), one.nextAttemptAt(), one.lastAttemptAt(), one.attempts(),
                refused, List.of(one.recipients().get(0),
                        new RecipientView("c@example.com", RecipientStatus.PENDING, refused, RECEIVED))));
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        String html = browser.get(AdminLayout.DELIVERY_LOG + "?unit=s12").body();

        assertThat(html).contains("b@example.com: pending", "c@example.com: pending");
        assertThat(Pattern.compile("class=\"advice\"").matcher(html).results().count()).isEqualTo(1);
    }

    @Test
    void theSmtpServerFormWarnsOfAPasswordLoginAtMicrosoftAndNotElsewhere() {
        api.put("/api/units/north/smtp", "{\"serverAddress\":\"smtp.office365.com\",\"port\":587,"
                + "\"login\":\"north@shop.example\",\"password\":\"" + SMTP_PASSWORD + "\",\"secureSocketOptions\":\"START_TLS\"}");
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        String own = browser.get(SMTP + "?unit=north").body();
        String inheriting = browser.get(SMTP + "?unit=s12").body();

        assertThat(own).containsPattern("<div class=\"notice warning\" id=\"provider-warning\" role=\"note\"><p>"
                + "smtp.office365.com is Microsoft 365's server, and this connection logs in with a password\\. [^<]*"
                + "December 2026[^<]*OAuth 2\\.0 \\(Microsoft 365\\)\\.</p></div>");
        assertThat(inheriting).contains("id=\"provider-warning\"",
                "This unit inherits the connection from Region North (north): change it there.");

        api.put("/api/units/north/smtp", "{\"serverAddress\":\"smtp.north.example\",\"port\":587,"
                + "\"login\":\"north@shop.example\",\"password\":\"" + SMTP_PASSWORD + "\",\"secureSocketOptions\":\"START_TLS\"}");
        assertThat(browser.get(SMTP + "?unit=north").body()).doesNotContain("provider-warning", "Microsoft 365's server");
        api.put("/api/units/north/smtp", "{\"serverAddress\":\"smtp.office365.com\",\"port\":25}");
        assertThat(browser.get(SMTP + "?unit=north").body()).doesNotContain("provider-warning");
    }

    @Test
    void unitsAreCreatedAndAUnitWithChildrenIsNotDeleted() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        browser.get(AdminLayout.UNITS);

        assertThat(browser.post(AdminLayout.UNITS, Map.of("id", "s13", "name", "Store 13", "parentId", "north")).statusCode())
                .isEqualTo(303);
        assertThat(api.get("/api/units/s13").body()).contains("Store 13", "north");
        HttpResponse<String> refused = browser.post(AdminLayout.UNITS + "/delete", Map.of("id", "north"));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("Not saved:");
        assertThat(api.get("/api/units/north").statusCode()).isEqualTo(200);
    }

    @Test
    void creatingAUnitWithAnExistingIdIsRefusedKeepsWhatWasTypedAndChangesNothing() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        browser.get(AdminLayout.UNITS);

        HttpResponse<String> refused = browser.post(AdminLayout.UNITS, Map.of("id", "s12", "name", "Store Twelve moved",
                "parentId", "acme"));

        assertThat(refused.statusCode()).isEqualTo(409);
        String html = refused.body();
        assertThat(html).contains("Not created: There is already a unit with the id s12 (Store 12)");
        assertThat(html).containsPattern("(?s)<label for=\"new-id\">[^<]*</label><p class=\"error\">There is already a unit "
                + "with the id s12[^<]*</p><input id=\"new-id\" name=\"id\" type=\"text\" value=\"s12\" aria-invalid=\"true\">");
        assertThat(PageForms.fields(html, AdminLayout.UNITS)).containsEntry("id", "s12")
                .containsEntry("name", "Store Twelve moved").containsEntry("parentId", "acme");
        assertThat(api.json(api.get("/api/units/s12"))).hasToString("{\"id\":\"s12\",\"name\":\"Store 12\",\"parentId\":\"north\"}");
        assertThat(api.auditLog.find(null, 100, 0)).noneMatch(e -> e.toString().contains("Store Twelve"));
    }

    @Test
    void renamingAndMovingAreActionsOfTheirOwnAndAMoveUnderItsOwnSubtreeIsRefused() {
        api.unit("south", "Region South", "acme");
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        String north = browser.get(AdminLayout.UNITS + "?unit=north").body();
        assertThat(PageForms.fields(north, AdminLayout.UNITS + "/move")).containsEntry("parentId", "acme");
        String moveForm = north.substring(north.indexOf("action=\"" + AdminLayout.UNITS + "/move\""));
        assertThat(moveForm.substring(0, moveForm.indexOf("</form>"))).as("no unit of its own subtree is offered")
                .contains("<option value=\"south\">").doesNotContain("<option value=\"s12\"", "<option value=\"north\"");

        assertThat(browser.post(AdminLayout.UNITS + "/rename", Map.of("id", "s12", "name", "Store Twelve")).statusCode())
                .isEqualTo(303);
        assertThat(browser.post(AdminLayout.UNITS + "/move", Map.of("id", "s12", "parentId", "south")).statusCode())
                .isEqualTo(303);
        assertThat(api.json(api.get("/api/units/s12"))).hasToString("{\"id\":\"s12\",\"name\":\"Store Twelve\",\"parentId\":\"south\"}");

        api.unit("s14", "Store 14", "north");
        HttpResponse<String> underItself = browser.post(AdminLayout.UNITS + "/move", Map.of("id", "north", "parentId", "s14"));
        assertThat(underItself.statusCode()).isEqualTo(400);
        assertThat(underItself.body()).contains("a unit cannot move under its own subtree");
        assertThat(api.json(api.get("/api/units/north")).get("parentId").asText()).isEqualTo("acme");
    }

    @Test
    void everyDestructiveActionIsStyledApartAndAsksForConfirmation() {
        api.messages.add(message(1, MessageStatus.QUEUED, RecipientStatus.PENDING, null));
        api.put("/api/units/s12/relay-credentials", "{\"username\":\"erp-s12\",\"password\":\"" + RELAY_PASSWORD + "\"}");
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        Pattern danger = Pattern.compile("<button type=\"submit\" class=\"danger\" data-confirm=\"([^\"]+)\"[^>]*>([^<]+)</button>");

        Map<String, String> questions = new java.util.LinkedHashMap<>();
        for (String path : List.of(AdminLayout.UNITS + "?unit=s12", SMTP + "?unit=s12", AdminLayout.DELIVERY_LOG + "?unit=s12",
                AdminLayout.USERS)) {
            danger.matcher(browser.get(path).body()).results().forEach(m -> questions.put(m.group(2), m.group(1)));
        }

        assertThat(questions).containsOnlyKeys("Delete this unit", "Remove relay credential", "Use inherited settings",
                "Discard", "Remove");
        assertThat(questions.get("Delete this unit")).startsWith("Delete the unit Store 12 (s12)");
        assertThat(questions.get("Discard")).startsWith("Discard message 1?");
        assertThat(questions.values()).allSatisfy(q -> assertThat(q).contains("?"));
        assertThat(buttons(browser.get(AdminLayout.DELIVERY_LOG + "?unit=s12").body())).contains("Retry");
        assertThat(browser.get(AdminPageAccess.ASSETS + "admin.css").body()).contains("button.danger");
        assertThat(browser.get(AdminPageAccess.ASSETS + "admin.js").body()).contains("button[data-confirm]", "window.confirm");

        assertThat(browser.post(AdminLayout.UNITS + "/relay-credentials/delete", Map.of("id", "s12")).statusCode()).isEqualTo(303);
        assertThat(api.get("/api/units/s12/relay-credentials").body()).contains("\"username\":null");
    }

    @Test
    void withoutUnitsThePagesLinkToCreatingTheCompany() {
        try (ApiServer empty = new ApiServer()) {
            AdminBrowser admin = new AdminBrowser(empty.server().port());
            admin.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
            String link = "<a href=\"" + AdminLayout.UNITS + "#create-unit\">Create the company (the root unit)</a>";

            assertThat(admin.get(SMTP).body()).contains("There are no units yet. " + link);
            String units = admin.get(AdminLayout.UNITS).body();
            assertThat(units).contains(link, "<div id=\"create-unit\">", "<legend>Create the company (the root unit)</legend>");
            assertThat(PageForms.fields(units, AdminLayout.UNITS)).containsEntry("parentId", "");

            admin.post(AdminLayout.UNITS, Map.of("id", "acme", "name", "Acme", "parentId", ""));
            assertThat(empty.get("/api/units/acme").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theCreateFormsParentIsTheRootOnceThereIsOneAndAFailedCreateKeepsWhatWasTyped() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        assertThat(PageForms.fields(browser.get(AdminLayout.UNITS).body(), AdminLayout.UNITS)).containsEntry("parentId", "acme");
        assertThat(PageForms.fields(browser.get(AdminLayout.UNITS + "?unit=north").body(), AdminLayout.UNITS))
                .as("below the unit being looked at").containsEntry("parentId", "north");

        HttpResponse<String> badId = browser.post(AdminLayout.UNITS, Map.of("id", "store 13!", "name", "Store 13", "parentId", "north"));
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("Not created: " + PathParams.UNIT_ID_RULE);
        assertThat(PageForms.fields(badId.body(), AdminLayout.UNITS)).containsEntry("id", "store 13!")
                .containsEntry("name", "Store 13").containsEntry("parentId", "north");
        HttpResponse<String> noName = browser.post(AdminLayout.UNITS, Map.of("id", "s13", "name", " ", "parentId", "north"));
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(PageForms.fields(noName.body(), AdminLayout.UNITS)).containsEntry("id", "s13").containsEntry("parentId", "north");
        assertThat(api.get("/api/units/s13").statusCode()).isEqualTo(404);
    }

    @Test
    void everyPageStartsWithASkipLinkToItsContent() {
        for (String path : List.of(AdminPageAccess.SIGN_IN, SMTP + "?unit=s12", AdminLayout.UNITS, AdminLayout.DELIVERY_LOG,
                AdminLayout.USERS, AdminLayout.AUDIT_LOG)) {
            if (!path.equals(AdminPageAccess.SIGN_IN)) {
                browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
            }
            String html = browser.get(path).body();
            Matcher firstFocusable = Pattern.compile("<(a|button|input(?![^>]*type=\"hidden\")|select|textarea)[ >][^>]*>")
                    .matcher(html.substring(html.indexOf("<body>")));
            assertThat(firstFocusable.find()).as(path).isTrue();
            assertThat(firstFocusable.group()).as(path).isEqualTo("<a href=\"#main\" class=\"skip-link\">");
            assertThat(html).as(path).contains("<a href=\"#main\" class=\"skip-link\">Skip to content</a>",
                    "<main id=\"main\" tabindex=\"-1\">");
        }
    }

    @Test
    void theUnitTreeOfAChainFindsAStoreAmongManyOnTheServerToo() {
        for (int region = 1; region <= 3; region++) {
            api.unit("r" + region, "Region " + region, "acme");
            for (int store = 1; store <= 100; store++) {
                String id = "store-" + (region * 1000 + store);
                api.unit(id, "Store " + (region * 1000 + store), "r" + region);
            }
        }
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        String all = browser.get(AdminLayout.UNITS + "?unit=store-2042").body();
        assertThat(all).contains("<label for=\"unit-filter\">Find a unit (name or id)</label>",
                "<a href=\"" + AdminLayout.UNITS + "?unit=store-2042\" aria-current=\"page\" id=\"current-unit\">");
        assertThat(all).as("the way to the chosen unit is open, other regions closed")
                .contains("<details open data-open=\"true\"><summary><a href=\"" + AdminLayout.UNITS + "?unit=r2\">")
                .contains("<details data-open=\"false\"><summary><a href=\"" + AdminLayout.UNITS + "?unit=r1\">");

        String found = browser.get(SMTP + "?unit=s12&q=STORE%203077").body();
        String tree = found.substring(found.indexOf("<nav aria-label=\"Organizational units\""), found.indexOf("</nav>",
                found.indexOf("<nav aria-label=\"Organizational units\"")));
        assertThat(tree).contains("Store 3077 (store-3077)", "Region 3 (r3)", "Acme (acme)", "value=\"STORE 3077\"",
                        "Units matching \u201cSTORE 3077\u201d", "Show all units")
                .doesNotContain("store-3076", "store-1077", "Region 1 (r1)");
        assertThat(tree).as("the search stays on the unit").contains("<form method=\"get\" action=\"" + SMTP
                + "\" role=\"search\" class=\"unit-search\"><input type=\"hidden\" name=\"unit\" value=\"s12\">");
        assertThat(browser.get(AdminLayout.UNITS + "?q=nothing-like-it").body()).contains("No unit matches");
    }

    @Test
    void noStoredPasswordOrRelayCredentialEverAppearsInAnyPage() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        browser.post(SMTP, Map.of("unit", "north", "serverAddress", "smtp.north.example", "port", "587",
                "login", "relay@north.example", "password", SMTP_PASSWORD, "secureSocketOptions", "START_TLS",
                "outgoingEmailAddress", "north@example.com"));
        browser.get(AdminLayout.UNITS + "?unit=s12");
        assertThat(browser.post(AdminLayout.UNITS + "/relay-credentials", Map.of("id", "s12", "username", "erp-s12",
                "password", RELAY_PASSWORD)).statusCode()).isEqualTo(303);
        api.messages.add(message(1, MessageStatus.FAILED, RecipientStatus.FAILED, "550 no"));

        for (String unit : List.of("acme", "north", "s12")) {
            browser.get(SMTP + "?unit=" + unit);
            browser.get(AdminLayout.UNITS + "?unit=" + unit);
            browser.post(SMTP + "/test", Map.of("unit", unit, "testRecipient", ""));
            browser.post(SMTP, Map.of("unit", unit, "serverAddress", "smtp.north.example", "port", "bad",
                    "secureSocketOptions", "NONE"));
        }
        browser.get(AdminLayout.DELIVERY_LOG);
        browser.get(AdminLayout.UNITS + "?unit=s12");

        assertThat(String.join("\n", browser.pages())).contains("erp-s12", "Stored password: set")
                .doesNotContain(SMTP_PASSWORD).doesNotContain(RELAY_PASSWORD);
        assertThat(browser.pages()).hasSizeGreaterThan(15);
    }

    @Test
    void everyInputHasALabelAndThePageIsInEnglish() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        for (String path : List.of(SMTP + "?unit=s12", AdminLayout.DELIVERY_LOG, AdminLayout.UNITS + "?unit=s12",
                AdminPageAccess.SIGN_IN)) {
            String html = browser.get(path).body();
            assertThat(html).as(path).startsWith("<!DOCTYPE html>\n<html lang=\"en\">");
            Matcher controls = Pattern.compile("<(input|select|textarea) id=\"([^\"]+)\"").matcher(html);
            int count = 0;
            while (controls.find()) {
                count++;
                assertThat(html).as(path + " " + controls.group(2)).contains("<label for=\"" + controls.group(2) + "\"");
            }
            assertThat(count).as(path).isPositive();
            assertThat(html).doesNotContainPattern("<input (?![^>]*type=\"hidden\")(?![^>]*id=)");
        }
    }

    /** The text of the option a select shows: the one marked selected, else the first. */
    private static String selectedOption(String html, String selectId) {
        Matcher select = Pattern.compile("(?s)<select id=\"" + selectId + "\"[^>]*>(.*?)</select>").matcher(html);
        assertThat(select.find()).as("select " + selectId).isTrue();
        Matcher option = Pattern.compile("<option ([^>]*)>([^<]*)</option>").matcher(select.group(1));
        String first = null;
        while (option.find()) {
            first = first == null ? option.group(2) : first;
            if ((" " + option.group(1) + " ").contains(" selected ")) {
                return option.group(2);
            }
        }
        return first;
    }

    private static List<String> buttons(String html) {
        return Pattern.compile("<button[^>]*>([^<]*)</button>").matcher(html).results().map(m -> m.group(1)).toList();
    }

    private static Map<String, String> withCsrf(Map<String, String> form, String token) {
        Map<String, String> all = new java.util.LinkedHashMap<>(form);
        all.put("csrf", token);
        return all;
    }

    private static MessageView message(long id, MessageStatus status, RecipientStatus recipient, String reply) {
        Instant received = RECEIVED.plusSeconds(id);
        return new MessageView(new MessageId(id), UnitId.of("s12"), status, RoutingReason.STORE_HEADER, "X-Store-Id: s12",
                "app@shop.example", 1234, received, status.isFinal() ? null : received.plusSeconds(60),
                received.plusSeconds(5), 1, status == MessageStatus.FAILED ? reply : null,
                List.of(new RecipientView("b@example.com", recipient, reply, received.plusSeconds(5))));
    }
}
