package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitsApiIT {
    @RegisterExtension
    final ApiServer api = new ApiServer().withRegionNorth();

    @Test
    void aUnitWithoutLimitsIsUnlimited() {
        JsonNode body = api.json(api.get("/api/units/s12/limits"));

        assertThat(body.get("messagesPerMinute").isNull()).isTrue();
        assertThat(body.get("maxConnections").isNull()).isTrue();
        assertThat(body.at("/effective/messagesPerMinute").isNull()).isTrue();
        assertThat(body.at("/effective/maxConnections").isNull()).isTrue();
    }

    @Test
    void aStoreInheritsItsRegionsLimitAndMayOverrideIt() {
        assertThat(api.put("/api/units/north/limits", "{\"messagesPerMinute\":30}").statusCode()).isEqualTo(200);

        JsonNode inherited = api.json(api.get("/api/units/s12/limits"));
        assertThat(inherited.get("messagesPerMinute").isNull()).isTrue();
        assertThat(inherited.at("/effective/messagesPerMinute/value").asInt()).isEqualTo(30);
        assertThat(inherited.at("/effective/messagesPerMinute/source/unitId").asText()).isEqualTo("north");
        assertThat(inherited.at("/effective/messagesPerMinute/source/unitName").asText()).isEqualTo("Region North");

        JsonNode own = api.json(api.put("/api/units/s12/limits", "{\"messagesPerMinute\":10}"));
        assertThat(own.get("messagesPerMinute").asInt()).isEqualTo(10);
        assertThat(own.at("/effective/messagesPerMinute/source/unitId").asText()).isEqualTo("s12");

        JsonNode back = api.json(api.put("/api/units/s12/limits", "{\"messagesPerMinute\":null}"));
        assertThat(back.at("/effective/messagesPerMinute/value").asInt()).isEqualTo(30);
    }

    @Test
    void theConnectionCapIsInheritedOnItsOwn() {
        api.put("/api/units/acme/limits", "{\"maxConnections\":4}");
        api.put("/api/units/north/limits", "{\"messagesPerMinute\":30}");

        JsonNode store = api.json(api.get("/api/units/s12/limits"));

        assertThat(store.at("/effective/maxConnections/value").asInt()).isEqualTo(4);
        assertThat(store.at("/effective/maxConnections/source/unitId").asText()).isEqualTo("acme");
        assertThat(store.at("/effective/messagesPerMinute/source/unitId").asText()).isEqualTo("north");
        assertThat(api.put("/api/units/s12/limits", "{\"maxConnections\":0}").statusCode()).isEqualTo(400);
    }

    @Test
    void badValuesAreFieldErrors() {
        for (String body : new String[]{"{\"messagesPerMinute\":0}", "{\"messagesPerMinute\":\"many\"}", "{\"messagesPerMinute\":1.5}"}) {
            HttpResponse<String> response = api.put("/api/units/s12/limits", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(api.json(response).at("/fields/messagesPerMinute").asText()).as(body).isNotBlank();
        }
        assertThat(api.put("/api/units/nope/limits", "{\"messagesPerMinute\":5}").statusCode()).isEqualTo(404);
    }
}
