package dev.storerelay.adapter.web;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The Users and Audit log screens of the admin page over real HTTP. */
class AdminUsersAuditPageIT {
    private static final String USERS = AdminLayout.USERS;
    private static final String AUDIT = AdminLayout.AUDIT_LOG;
    private static final String NEW_USER = "clerk";
    private static final String NEW_PASSWORD = "Clerk-Password-77";
    private static final String SMTP_PASSWORD = "Audit-Smtp-Secret-91";

    @RegisterExtension
    final ApiServer api = new ApiServer().withTwoStores();
    private final AdminBrowser browser = new AdminBrowser(api.server().port());

    @BeforeEach
    void start() {
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
    }

    @Test
    void theMenuLinksToUsersAndAuditLog() {
        String html = browser.get(AdminLayout.SMTP_SERVER + "?unit=s12").body();
        assertThat(html).contains("<a href=\"" + USERS + "\">Users</a>", "<a href=\"" + AUDIT + "\">Audit log</a>",
                "<a href=\"" + AUDIT + "?unit=s12\">Changes to this unit</a>");
    }

    @Test
    void aSetupAdminAddsAViewUserWhoSeesNoButtonsAndCannotPost() {
        String page = browser.get(USERS).body();
        assertThat(page).contains("<td>admin</td><td>setup (may change settings)</td>",
                "<td>viewer</td><td>view (read only)</td>", "Save user", "Remove");

        HttpResponse<String> save = browser.post(USERS, Map.of("username", NEW_USER, "password", NEW_PASSWORD,
                "permission", "view"));
        assertThat(save.statusCode()).as(save.body()).isEqualTo(303);
        assertThat(save.headers().firstValue("Location")).hasValue(USERS + "?saved=1");
        assertThat(browser.get(USERS + "?saved=1").body()).contains("The user is saved.",
                "<td>" + NEW_USER + "</td><td>view (read only)</td>");

        AdminBrowser clerk = new AdminBrowser(api.server().port());
        assertThat(clerk.signIn(NEW_USER, NEW_PASSWORD).statusCode()).isEqualTo(303);
        HttpResponse<String> asClerk = clerk.get(USERS);
        assertThat(asClerk.statusCode()).isEqualTo(200);
        assertThat(asClerk.body()).contains("<td>admin</td>", "(view only)").doesNotContain("Save user", "Remove", "user-password");
        assertThat(buttons(asClerk.body())).containsExactly("Sign out");

        HttpResponse<String> refused = clerk.post(USERS, Map.of("username", "intruder", "password", "Intruder-Pw-123",
                "permission", "setup"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(clerk.post(USERS + "/delete", Map.of("username", ApiServer.ADMIN)).statusCode()).isEqualTo(403);
        assertThat(browser.get(USERS).body()).doesNotContain("intruder").contains("<td>admin</td>");
        assertThat(String.join("\n", browser.pages()) + String.join("\n", clerk.pages())).doesNotContain(NEW_PASSWORD);
    }

    @Test
    void aDemotedOrRemovedUserLosesItsRightsAtOnceNotWhenItsSessionEnds() {
        browser.get(USERS);
        assertThat(browser.post(USERS, Map.of("username", NEW_USER, "password", NEW_PASSWORD, "permission", "setup"))
                .statusCode()).isEqualTo(303);
        AdminBrowser clerk = new AdminBrowser(api.server().port());
        clerk.signIn(NEW_USER, NEW_PASSWORD);
        assertThat(clerk.get(USERS).body()).contains("Save user");

        browser.get(USERS);
        assertThat(browser.post(USERS, Map.of("username", NEW_USER, "password", "", "permission", "view")).statusCode())
                .isEqualTo(303);
        HttpResponse<String> demoted = clerk.get(USERS);
        assertThat(demoted.body()).contains("(view only)").doesNotContain("Save user");
        assertThat(clerk.post(USERS, Map.of("username", "intruder", "password", "Intruder-Pw-123", "permission", "setup"))
                .statusCode()).isEqualTo(403);

        browser.get(USERS);
        assertThat(browser.post(USERS + "/delete", Map.of("username", NEW_USER)).statusCode()).isEqualTo(303);
        HttpResponse<String> removed = clerk.get(USERS);
        assertThat(removed.statusCode()).isEqualTo(303);
        assertThat(removed.headers().firstValue("Location")).hasValue(AdminPageAccess.SIGN_IN);
    }

    @Test
    void aChangeWithAnEmptyPasswordKeepsIt() {
        browser.get(USERS);
        assertThat(browser.post(USERS, Map.of("username", ApiServer.VIEWER, "password", "", "permission", "setup"))
                .statusCode()).isEqualTo(303);

        assertThat(browser.get(USERS).body()).contains("<td>viewer</td><td>setup (may change settings)</td>");
        assertThat(new AdminBrowser(api.server().port()).signIn(ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD).statusCode())
                .isEqualTo(303);
    }

    @Test
    void aTooShortPasswordShowsTheFieldErrorAndKeepsTheUserName() {
        browser.get(USERS);
        HttpResponse<String> response = browser.post(USERS, Map.of("username", "newbie", "password", "short-pw",
                "permission", "setup"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).containsPattern("(?s)<label for=\"user-password\">Password</label>.*"
                        + "<p class=\"error\" id=\"user-password-error\">The password needs at least 12 characters.</p>"
                        + "<input id=\"user-password\" name=\"password\" type=\"password\" value=\"\"")
                .contains("name=\"username\" type=\"text\" value=\"newbie\"",
                        "<option value=\"setup\" selected>")
                .doesNotContain("short-pw");
        assertThat(browser.get(USERS).body()).doesNotContain("<td>newbie</td>");
    }

    @Test
    void removingYourselfIsRefusedAndRemovingAnotherUserWorks() {
        browser.get(USERS);
        HttpResponse<String> self = browser.post(USERS + "/delete", Map.of("username", ApiServer.ADMIN));
        assertThat(self.statusCode()).isEqualTo(409);
        assertThat(self.body()).contains("<p class=\"notice error\" role=\"alert\">The user was not removed: You cannot remove yourself.</p>",
                "<td>admin</td>");

        HttpResponse<String> other = browser.post(USERS + "/delete", Map.of("username", ApiServer.VIEWER));
        assertThat(other.statusCode()).isEqualTo(303);
        assertThat(browser.get(USERS + "?removed=1").body()).contains("The user is removed.").doesNotContain("<td>viewer</td>");
        assertThat(browser.post(USERS + "/delete", Map.of("username", "nobody")).statusCode()).isEqualTo(404);
    }

    @Test
    void theAuditLogShowsSmtpChangesWithoutThePasswordAndFiltersByUnit() {
        browser.get(AdminLayout.SMTP_SERVER + "?unit=s12");
        HttpResponse<String> save = browser.post(AdminLayout.SMTP_SERVER, Map.of("unit", "s12",
                "serverAddress", "smtp.s12.example", "port", "", "login", "relay@s12.example", "password", SMTP_PASSWORD,
                "secureSocketOptions", "START_TLS", "outgoingEmailAddress", ""));
        assertThat(save.statusCode()).as(save.body()).isEqualTo(303);
        browser.post(AdminLayout.SMTP_SERVER, Map.of("unit", "s13", "serverAddress", "smtp.s13.example", "port", "",
                "login", "", "password", "", "secureSocketOptions", "NONE", "outgoingEmailAddress", ""));

        String all = browser.get(AUDIT).body();
        assertThat(all).contains("<td><time datetime=\"2026-03-01T10:15:30Z\" title=\"2026-03-01 10:15:30 UTC\">"
                        + "2026-03-01 10:15:30 UTC</time></td><td>admin</td><td>s12</td><td>SMTP Server Address</td>"
                        + "<td>set to smtp.s12.example</td>",
                "<td>admin</td><td>s12</td><td>SMTP Server Password</td><td>set</td>", "smtp.s13.example");
        // Newest first: the s13 change comes before the s12 changes.
        assertThat(all.indexOf("smtp.s13.example")).isLessThan(all.indexOf("smtp.s12.example"));

        String s12 = browser.get(AUDIT + "?unit=s12").body();
        assertThat(s12).contains("SMTP Server Address", "SMTP Server Password", "value=\"s12\"")
                .doesNotContain("smtp.s13.example");
        assertThat(browser.get(AUDIT + "?unit=acme").body()).contains("<td>acme</td>").doesNotContain("SMTP Server Address");
        assertThat(browser.get(AUDIT + "?unit=s99").body()).contains("No changes match.");
        assertThat(browser.get(AUDIT + "?unit=%3Cx%3E").statusCode()).isEqualTo(400);

        assertThat(String.join("\n", browser.pages())).doesNotContain(SMTP_PASSWORD);
    }

    @Test
    void theAuditLogPagesFiftyAtATime() {
        for (int i = 0; i < 51; i++) {
            api.put("/api/units/s12/smtp", "{\"serverAddress\":\"smtp" + i + ".example\",\"secureSocketOptions\":\"NONE\"}");
        }
        String first = browser.get(AUDIT + "?unit=s12").body();
        assertThat(first).contains("smtp50.example", "Next page").doesNotContain("Previous page");
        assertThat(Pattern.compile("<tr><td>").matcher(first).results().count()).isEqualTo(50);

        String second = browser.get(AUDIT + "?unit=s12&page=2").body();
        assertThat(second).contains("Previous page", "<a href=\"" + AUDIT + "?unit=s12&amp;page=1\" rel=\"prev\">")
                .doesNotContain("Next page");
        assertThat(Pattern.compile("<tr><td>").matcher(second).results().count()).isPositive();
    }

    @Test
    void everyInputHasALabelAndViewUsersMayReadTheAuditLog() {
        for (String path : List.of(USERS, AUDIT)) {
            String html = browser.get(path).body();
            Matcher controls = Pattern.compile("<(input|select|textarea) id=\"([^\"]+)\"").matcher(html);
            while (controls.find()) {
                assertThat(html).as(path + " " + controls.group(2)).contains("<label for=\"" + controls.group(2) + "\"");
            }
            assertThat(html).doesNotContainPattern("<input (?![^>]*type=\"hidden\")(?![^>]*id=)")
                    .doesNotContain("<script>", "style=");
        }
        AdminBrowser viewer = new AdminBrowser(api.server().port());
        viewer.signIn(ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD);
        assertThat(viewer.get(AUDIT).statusCode()).isEqualTo(200);
    }

    private static List<String> buttons(String html) {
        return Pattern.compile("<button[^>]*>([^<]*)</button>").matcher(html).results().map(m -> m.group(1)).toList();
    }
}
