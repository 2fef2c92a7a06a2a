package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.storerelay.domain.model.RefusedSubmission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/refused} and the Refused page: the listener's refusals newest first, paged, with the API's names (README, *Admin JSON API*),
 * and everything the client sent escaped on the page.
 */
class RefusedApiIT {
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final String HOSTILE = "<script>alert('x')</script>@evil.example";

    @RegisterExtension
    final ApiServer api = new ApiServer();

    @Test
    void theRefusalsAreListedNewestFirstWithDesignsNames() {
        api.refused.append(List.of(
                new RefusedSubmission(T0, "192.0.2.7", "erp.legacy.local", "erp@legacy.local",
                        List.of("ann@shop.example", "bob@shop.example"), RefusedSubmission.Reply.of(550, "5.1.0 unknown store 'nowhere'")),
                new RefusedSubmission(T0.plusSeconds(5), "2001:db8::7", null, null, List.of(),
                        RefusedSubmission.Reply.of(554, "5.7.1 Relay access denied: this client may not submit mail here"))));

        HttpResponse<String> response = api.get("/api/refused");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = api.json(response);
        assertThat(list.isArray()).as("a bare list, as /api/messages and /api/audit").isTrue();
        assertThat(list).hasSize(2);
        JsonNode newest = list.get(0);
        assertThat(fieldNames(newest)).containsExactly("at", "client", "mailFrom", "recipients", "reply");
        assertThat(newest.get("at").asText()).isEqualTo("2026-03-01T09:00:05Z");
        assertThat(newest.get("client").get("address").asText()).isEqualTo("2001:db8::7");
        assertThat(newest.get("client").get("name").isNull()).isTrue();
        assertThat(newest.get("mailFrom").isNull()).as("no sender given").isTrue();
        assertThat(newest.get("recipients")).isEmpty();

        JsonNode older = list.get(1);
        assertThat(older.get("client").get("name").asText()).isEqualTo("erp.legacy.local");
        assertThat(older.get("mailFrom").asText()).isEqualTo("erp@legacy.local");
        assertThat(older.get("recipients")).extracting(JsonNode::asText).containsExactly("ann@shop.example", "bob@shop.example");
        assertThat(older.get("reply").get("code").asInt()).isEqualTo(550);
        assertThat(older.get("reply").get("enhancedCode").asText()).isEqualTo("5.1.0");
        assertThat(older.get("reply").get("text").asText()).isEqualTo("unknown store 'nowhere'");
    }

    @Test
    void limitAndOffsetPageAndAreChecked() {
        api.refused.append(refusals(7));

        assertThat(senders(api.json(api.get("/api/refused?limit=2&offset=1")))).containsExactly("5@x.example", "4@x.example");
        assertThat(api.json(api.get("/api/refused?offset=7"))).isEmpty();
        HttpResponse<String> tooMany = api.get("/api/refused?limit=501");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(api.json(tooMany).get("fields").get("limit").asText()).isEqualTo("Enter a whole number from 1 to 500.");
        assertThat(api.get("/api/refused?offset=-1").statusCode()).isEqualTo(400);
    }

    @Test
    void viewUsersMayReadAndStrangersMayNot() {
        assertThat(api.send(api.request("/api/refused").GET(), ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD).statusCode())
                .isEqualTo(200);
        assertThat(api.send(api.request("/api/refused").GET(), null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void thePageEscapesWhatAHostileClientSent() {
        api.refused.append(List.of(new RefusedSubmission(T0, "192.0.2.7", "<b>bold</b>", HOSTILE,
                List.of("\"><img src=x onerror=alert(1)>@x.example"), RefusedSubmission.Reply.of(553, "5.1.7 Invalid sender address"))));
        AdminBrowser browser = new AdminBrowser(api.server().port());
        browser.signIn(ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD);

        HttpResponse<String> page = browser.get(AdminLayout.REFUSED);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<a href=\"" + AdminLayout.REFUSED + "\">Refused</a>",
                        "&lt;script&gt;alert('x')&lt;/script&gt;@evil.example",
                        "192.0.2.7 (&lt;b&gt;bold&lt;/b&gt;)",
                        "\"&gt;&lt;img src=x onerror=alert(1)&gt;@x.example",
                        "553 5.1.7 Invalid sender address")
                .doesNotContain("<script>alert", "<b>bold", "<img");
    }

    @Test
    void thePageShowsFiftyAtATimeNewestFirst() {
        api.refused.append(refusals(51));
        AdminBrowser browser = new AdminBrowser(api.server().port());
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        String first = browser.get(AdminLayout.REFUSED).body();
        assertThat(first).contains("50@x.example", "Next page").doesNotContain("Previous page", ">0@x.example<");
        assertThat(Pattern.compile("<tr><td>").matcher(first).results().count()).isEqualTo(50);
        String second = browser.get(AdminLayout.REFUSED + "?page=2").body();
        assertThat(second).contains(">0@x.example<", "<a href=\"" + AdminLayout.REFUSED + "?page=1\" rel=\"prev\">")
                .doesNotContain("Next page");
        assertThat(browser.get(AdminLayout.REFUSED + "?page=0").statusCode()).isEqualTo(400);
    }

    @Test
    void anEmptyPageSaysSo() {
        AdminBrowser browser = new AdminBrowser(api.server().port());
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        assertThat(browser.get(AdminLayout.REFUSED).body()).contains("Nothing was refused.");
    }

    private static List<RefusedSubmission> refusals(int count) {
        List<RefusedSubmission> refusals = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            refusals.add(new RefusedSubmission(T0.plusSeconds(i), "192.0.2.7", "erp.legacy.local", i + "@x.example",
                    List.of("ann@shop.example"), RefusedSubmission.Reply.of(550, "5.1.0 unknown store 'nowhere'")));
        }
        return refusals;
    }

    private static List<String> senders(JsonNode list) {
        List<String> senders = new ArrayList<>();
        list.forEach(r -> senders.add(r.get("mailFrom").asText()));
        return senders;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
