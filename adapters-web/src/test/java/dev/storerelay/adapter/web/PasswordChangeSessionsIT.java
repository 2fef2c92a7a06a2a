package dev.storerelay.adapter.web;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A password change ends the user's other sessions; the session that made it stays. */
class PasswordChangeSessionsIT {
    private static final String USERS = AdminLayout.USERS;
    private static final String NEW_PASSWORD = "Brand-New-Password-55";
    private static final String STORE = "{\"name\":\"Store 13\",\"parentId\":\"acme\"}";

    @RegisterExtension
    final ApiServer api = new ApiServer();
    private final AdminBrowser first = new AdminBrowser(api.server().port());
    private final AdminBrowser second = new AdminBrowser(api.server().port());

    @BeforeEach
    void start() {
        api.unit("acme", "Acme", null);
        assertThat(first.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD).statusCode()).isEqualTo(303);
        assertThat(second.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void changingOwnPasswordOnTheUsersPageEndsTheOtherSessionAndKeepsThisOne() {
        AdminBrowser viewer = new AdminBrowser(api.server().port());
        viewer.signIn(ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD);
        first.get(USERS);

        HttpResponse<String> saved = first.post(USERS, Map.of("username", ApiServer.ADMIN, "password", NEW_PASSWORD,
                "permission", "setup"));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);

        assertEnded(second);
        assertThat(first.get(USERS).statusCode()).isEqualTo(200);
        assertThat(first.putJson("/api/units/s13", STORE, first.csrfToken()).statusCode()).isEqualTo(201);
        assertThat(viewer.get(USERS).statusCode()).as("another user's session").isEqualTo(200);
    }

    @Test
    void changingOwnPasswordThroughTheApiWithTheSessionKeepsThatSession() {
        HttpResponse<String> saved = first.putJson("/api/users/" + ApiServer.ADMIN,
                "{\"password\":\"" + NEW_PASSWORD + "\",\"canSetup\":true}", first.csrfToken());
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);

        assertEnded(second);
        assertThat(first.get("/api/units").statusCode()).isEqualTo(200);
        assertThat(first.putJson("/api/units/s13", STORE, first.csrfToken()).statusCode()).isEqualTo(201);
    }

    @Test
    void aPasswordChangeWithBasicCredentialsEndsEverySessionOfTheUser() {
        HttpResponse<String> saved = api.put("/api/users/" + ApiServer.ADMIN,
                "{\"password\":\"" + NEW_PASSWORD + "\",\"canSetup\":true}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);

        assertEnded(first);
        assertEnded(second);
        assertThat(api.send(api.request("/api/units").GET(), ApiServer.ADMIN, NEW_PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void aPermissionChangeWithoutANewPasswordKeepsTheSessions() {
        AdminBrowser viewer = new AdminBrowser(api.server().port());
        viewer.signIn(ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD);

        assertThat(api.put("/api/users/" + ApiServer.VIEWER, "{\"canSetup\":true}").statusCode()).isEqualTo(200);

        assertThat(viewer.get("/api/units").statusCode()).isEqualTo(200);
        assertThat(viewer.putJson("/api/units/s13", STORE, viewer.csrfToken()).statusCode()).isEqualTo(201);
    }

    /** The browser's session no longer opens a page, reads the API or writes through it. */
    private void assertEnded(AdminBrowser browser) {
        HttpResponse<String> page = browser.get(USERS);
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue(AdminPageAccess.SIGN_IN);
        assertThat(browser.get("/api/units").statusCode()).isEqualTo(401);
        assertThat(browser.putJson("/api/units/s14", STORE, browser.csrfToken()).statusCode()).isEqualTo(401);
        assertThat(api.units.loadOrgTree().units()).as("nothing written").extracting(u -> u.id().value())
                .doesNotContain("s14");
    }
}
