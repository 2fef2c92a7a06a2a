package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingApiIT {
    @RegisterExtension
    final ApiServer api = new ApiServer().withTwoStores();

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void aUnitWithoutRulesShowsEmptyLists() {
        HttpResponse<String> response = api.get("/api/units/s12/routing");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = api.json(response);
        assertThat(texts(body.get("senderPatterns"))).isEmpty();
        assertThat(texts(body.get("clientNetworks"))).isEmpty();
    }

    @Test
    void putStoresAndReturnsTheNormalisedRules() {
        HttpResponse<String> put = api.put("/api/units/s12/routing", """
                {"senderPatterns":["erp@Legacy.Local"," @shop.example "],
                 "clientNetworks":["10.1.0.0/16","192.0.2.7","2001:DB8::/32","::ffff:10.9.0.0/112"]}""");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        HttpResponse<String> get = api.get("/api/units/s12/routing");
        for (HttpResponse<String> response : List.of(put, get)) {
            JsonNode body = api.json(response);
            assertThat(texts(body.get("senderPatterns"))).containsExactly("erp@legacy.local", "@shop.example");
            assertThat(texts(body.get("clientNetworks")))
                    .containsExactly("10.1.0.0/16", "192.0.2.7/32", "2001:db8::/32", "10.9.0.0/16");
        }
        assertThat(api.routing.loadRoutingTable().byClientAddress("::ffff:10.1.2.3").orElseThrow().unit())
                .isEqualTo(UnitId.of("s12"));
    }

    @Test
    void emptyListsRemoveTheRules() {
        api.put("/api/units/s12/routing", "{\"senderPatterns\":[\"@legacy.local\"],\"clientNetworks\":[\"10.1.0.0/16\"]}");

        HttpResponse<String> put = api.put("/api/units/s12/routing", "{\"senderPatterns\":[],\"clientNetworks\":[]}");

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(api.routing.loadRouting(UnitId.of("s12"))).isEqualTo(UnitRouting.none(UnitId.of("s12")));
    }

    @Test
    void badEntriesAreFieldErrorsByIndex() {
        HttpResponse<String> response = api.put("/api/units/s12/routing", """
                {"senderPatterns":["@legacy.local","no pattern","erp@legacy.local\\r\\nBcc: x@y.z"],
                 "clientNetworks":["10.1.2.3/16","mail.example.com","0.0.0.0/0"]}""");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode fields = api.json(response).get("fields");
        assertThat(fields.has("senderPatterns[0]")).isFalse();
        assertThat(fields.get("senderPatterns[1]").asText()).contains("@legacy.local");
        assertThat(fields.has("senderPatterns[2]")).isTrue();
        assertThat(fields.get("clientNetworks[0]").asText()).contains("10.1.0.0/16");
        assertThat(fields.get("clientNetworks[1]").asText()).contains("no host names");
        assertThat(fields.get("clientNetworks[2]").asText()).contains("open relay");
        assertThat(response.body()).doesNotContain("Bcc");
        assertThat(api.routing.loadRoutingTable().routings()).isEmpty();
    }

    @Test
    void wrongJsonTypesAndMissingListsAreFieldErrors() {
        HttpResponse<String> response = api.put("/api/units/s12/routing",
                "{\"senderPatterns\":\"@legacy.local\",\"clientNetworks\":[\"10.1.0.0/16\", 7, null]}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode fields = api.json(response).get("fields");
        assertThat(fields.get("senderPatterns").asText()).contains("array");
        assertThat(fields.get("clientNetworks[1]").asText()).isEqualTo("Must be a string.");
        assertThat(fields.get("clientNetworks[2]").asText()).isEqualTo("Must be a string.");

        HttpResponse<String> missing = api.put("/api/units/s12/routing", "{\"senderPatterns\":[]}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(api.json(missing).get("fields").get("clientNetworks").asText()).contains("Required");

        HttpResponse<String> unknown = api.put("/api/units/s12/routing",
                "{\"senderPatterns\":[],\"clientNetworks\":[],\"networks\":[]}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(api.json(unknown).get("fields").get("networks").asText()).isEqualTo("unknown property");
    }

    @Test
    void anEntryOfAnotherUnitIsAConflictNamingIt() {
        api.put("/api/units/s13/routing", "{\"senderPatterns\":[\"@legacy.local\"],\"clientNetworks\":[\"10.1.0.0/16\"]}");

        HttpResponse<String> response = api.put("/api/units/s12/routing",
                "{\"senderPatterns\":[\"erp@legacy.local\"],\"clientNetworks\":[\"10.1.2.0/24\",\"10.1.0.0/16\"]}");

        assertThat(response.statusCode()).isEqualTo(409);
        JsonNode body = api.json(response);
        assertThat(body.get("error").asText()).contains("10.1.0.0/16", "s13");
        assertThat(body.get("fields").get("clientNetworks[1]").asText()).contains("s13");
        assertThat(body.get("fields").has("senderPatterns[0]")).isFalse();
        assertThat(api.routing.loadRouting(UnitId.of("s12"))).isEqualTo(UnitRouting.none(UnitId.of("s12")));
    }

    @Test
    void anUnknownUnitIsNotFound() {
        assertThat(api.get("/api/units/nowhere/routing").statusCode()).isEqualTo(404);
        assertThat(api.put("/api/units/nowhere/routing", "{\"senderPatterns\":[],\"clientNetworks\":[]}").statusCode())
                .isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "null", "{", "\"x\""})
    void aBodyThatIsNoObjectIsABadRequest(String body) {
        assertThat(api.put("/api/units/s12/routing", body).statusCode()).isEqualTo(400);
    }

    @Test
    void tooManyEntriesAreRefused() {
        StringBuilder networks = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            networks.append(i == 0 ? "" : ",").append("\"10.0.").append(i).append(".0/24\"");
        }
        HttpResponse<String> response = api.put("/api/units/s12/routing",
                "{\"senderPatterns\":[],\"clientNetworks\":[" + networks + "]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(api.json(response).get("fields").get("clientNetworks").asText()).contains("100");
    }
}
