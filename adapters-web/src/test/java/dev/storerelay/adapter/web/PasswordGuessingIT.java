package dev.storerelay.adapter.web;

import dev.storerelay.domain.policy.PasswordGuessingPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password guessing through the sign-in form and HTTP Basic, over real HTTP: slowed down per user name and client
 * address, never for other names or other addresses. The server's clock stands still, so a pair that has to wait
 * keeps waiting for the whole test; a second address is 127.0.0.2 (the admin web listens on 127.0.0.1).
 */
class PasswordGuessingIT {
    private static final int FREE = PasswordGuessingPolicy.DEFAULT.freeFailures();
    private static final String OTHER_ADDRESS = "127.0.0.2";

    @RegisterExtension
    final ApiServer api = new ApiServer();
    private final AdminBrowser browser = new AdminBrowser(api.server().port());

    @Test
    void failedSignInsForOtherNamesFromTheSameAddressDoNotStopACorrectSignIn() {
        for (int i = 0; i < 3 * FREE; i++) {
            assertThat(browser.signIn("user" + i, "wrong-" + i).statusCode()).isEqualTo(401);
        }

        assertThat(browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void afterTheFreeFailuresEvenTheRightPasswordWaitsAndThePageSaysUntilWhen() {
        for (int i = 0; i <= FREE; i++) {
            assertThat(browser.signIn(ApiServer.ADMIN, "wrong-" + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> waiting = browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        assertThat(waiting.statusCode()).isEqualTo(429);
        assertThat(waiting.body()).contains("Too many failed sign-ins for this user name from your address. "
                + "Try again after 10:15:31 UTC.");    // the last failure at 10:15:30, then 1 s
        assertThat(waiting.headers().allValues("Set-Cookie")).as("no session, only a fresh sign-in form token")
                .allSatisfy(c -> assertThat(c).startsWith(SignInRoutes.FORM_COOKIE + "="));
        assertThat(browser.get(AdminLayout.SMTP_SERVER).statusCode()).as("still signed out").isEqualTo(303);
    }

    @Test
    void failuresForAdminFromOneAddressDoNotStopAdminFromAnother() {
        for (int i = 0; i < 3 * FREE; i++) {
            browser.signIn(ApiServer.ADMIN, "wrong-" + i);
        }
        assertThat(browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD).statusCode()).isEqualTo(429);

        LoopbackClient other = new LoopbackClient(OTHER_ADDRESS, api.server().port());
        LoopbackClient.Response signIn = other.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        assertThat(signIn.status()).as(signIn.body()).isEqualTo(303);
        assertThat(signIn.header("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith(AdminPageAccess.COOKIE + "="));
        assertThat(other.send("GET", "/api/units", Map.of("Authorization",
                ApiServer.basic(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD)), null).status()).isEqualTo(200);
    }

    @Test
    void quickWrongBasicGuessesAreMostlyNotCheckedAndTheRightPasswordWaitsToo() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> response = api.send(api.request("/api/units").GET(), ApiServer.ADMIN, "guess-" + i);
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
                        seconds -> assertThat(Long.parseLong(seconds)).isPositive());
                assertThat(api.json(response).get("error").asText())
                        .startsWith("too many failed sign-ins for this user name from your address; try again after");
                assertThat(api.json(response).get("fields").isObject()).isTrue();
            }
        }

        assertThat(statuses.subList(0, FREE + 1)).as("checked").containsOnly(401);
        assertThat(statuses.subList(FREE + 1, statuses.size())).as("not checked").containsOnly(429);
        assertThat(api.get("/api/units").statusCode()).as("the right password, meanwhile").isEqualTo(429);
        assertThat(api.send(api.request("/api/units").GET(), ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD).statusCode())
                .as("another user name from the same address").isEqualTo(200);
    }

    @Test
    void theSignInFormAndBasicShareTheCount() {
        for (int i = 0; i <= FREE; i++) {
            api.send(api.request("/api/units").GET(), ApiServer.ADMIN, "guess-" + i);
        }

        assertThat(browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD).statusCode()).isEqualTo(429);
    }
}
