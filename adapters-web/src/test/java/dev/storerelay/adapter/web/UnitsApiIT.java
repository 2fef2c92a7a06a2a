package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UnitsApiIT {
    @RegisterExtension
    final ApiServer api = new ApiServer();

    @Test
    void createsWith201UpdatesWith200AndListsTheTree() {
        HttpResponse<String> created = api.put("/api/units/acme", "{\"name\":\"Acme\",\"parentId\":null}");
        HttpResponse<String> region = api.put("/api/units/north", "{\"name\":\" Region North \",\"parentId\":\"acme\"}");
        HttpResponse<String> renamed = api.put("/api/units/north", "{\"name\":\"North\",\"parentId\":\"acme\"}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(api.json(created).get("parentId").isNull()).isTrue();
        assertThat(region.statusCode()).isEqualTo(201);
        assertThat(api.json(region).get("name").asText()).isEqualTo("Region North");
        assertThat(renamed.statusCode()).isEqualTo(200);

        HttpResponse<String> list = api.get("/api/units");
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode units = api.json(list);
        assertThat(units).hasSize(2);
        assertThat(units.get(0).get("id").asText()).isEqualTo("acme");
        assertThat(units.get(0).get("parentId").isNull()).isTrue();
        assertThat(units.get(1).get("id").asText()).isEqualTo("north");
        assertThat(units.get(1).get("name").asText()).isEqualTo("North");
        assertThat(units.get(1).get("parentId").asText()).isEqualTo("acme");

        assertThat(api.json(api.get("/api/units/north")).get("name").asText()).isEqualTo("North");
        assertThat(api.get("/api/units/south").statusCode()).isEqualTo(404);
    }

    @Test
    void aSecondRootIsRefused() {
        api.unit("acme", "Acme", null);

        HttpResponse<String> response = api.put("/api/units/other", "{\"name\":\"Other\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(api.json(response).get("fields").get("parentId").asText()).contains("already a root");
        assertThat(api.units.loadOrgTree().contains(UnitId.of("other"))).isFalse();
    }

    @Test
    void anUnknownParentIsRefused() {
        api.unit("acme", "Acme", null);

        HttpResponse<String> response = api.put("/api/units/s1", "{\"name\":\"Store 1\",\"parentId\":\"nowhere\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(api.json(response).get("fields").get("parentId").asText()).contains("does not exist");
    }

    @Test
    void aUnitCannotMoveBelowItself() {
        api.unit("acme", "Acme", null);
        api.unit("north", "North", "acme");
        api.unit("s1", "Store 1", "north");

        HttpResponse<String> cycle = api.put("/api/units/north", "{\"name\":\"North\",\"parentId\":\"s1\"}");
        HttpResponse<String> self = api.put("/api/units/north", "{\"name\":\"North\",\"parentId\":\"north\"}");

        assertThat(cycle.statusCode()).isEqualTo(400);
        assertThat(api.json(cycle).get("fields").has("parentId")).isTrue();
        assertThat(self.statusCode()).isEqualTo(400);
        assertThat(api.json(self).get("fields").has("parentId")).isTrue();
        assertThat(api.json(api.get("/api/units/north")).get("parentId").asText()).isEqualTo("acme");
    }

    @Test
    void badNamesAndParentIdsAreFieldErrors() {
        api.unit("acme", "Acme", null);

        HttpResponse<String> blank = api.put("/api/units/s1", "{\"name\":\"  \",\"parentId\":\"acme\"}");
        HttpResponse<String> missing = api.put("/api/units/s1", "{\"parentId\":\"acme\"}");
        HttpResponse<String> twoLines = api.put("/api/units/s1", "{\"name\":\"a\\r\\nb\",\"parentId\":\"acme\"}");
        HttpResponse<String> notText = api.put("/api/units/s1", "{\"name\":42,\"parentId\":\"acme\"}");
        HttpResponse<String> badParent = api.put("/api/units/s1", "{\"name\":\"S1\",\"parentId\":\"no good\"}");

        for (HttpResponse<String> r : List.of(blank, missing, twoLines, notText)) {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(api.json(r).get("fields").has("name")).as(r.body()).isTrue();
        }
        assertThat(badParent.statusCode()).isEqualTo(400);
        assertThat(api.json(badParent).get("fields").get("parentId").asText()).contains("1-64");
    }

    @Test
    void unknownPropertiesAndMalformedJsonAreBadRequests() {
        HttpResponse<String> unknown = api.put("/api/units/acme", "{\"name\":\"Acme\",\"colour\":\"red\"}");
        HttpResponse<String> malformed = api.put("/api/units/acme", "{\"name\":\"Acme\"");
        HttpResponse<String> trailing = api.put("/api/units/acme", "{\"name\":\"Acme\"} {}");
        HttpResponse<String> array = api.put("/api/units/acme", "[]");
        HttpResponse<String> empty = api.put("/api/units/acme", "");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(api.json(unknown).get("error").asText()).contains("colour");
        assertThat(api.json(unknown).get("fields").get("colour").asText()).isEqualTo("unknown property");
        for (HttpResponse<String> r : List.of(malformed, trailing, array, empty)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(api.json(r).has("error")).isTrue();
            assertThat(api.json(r).get("fields").isObject()).isTrue();
        }
        assertThat(api.json(malformed).get("error").asText()).isEqualTo("malformed JSON");
        assertThat(api.units.loadOrgTree().units()).isEmpty();
    }

    @Test
    void deletingAUnitWithChildrenIsAConflict() {
        api.unit("acme", "Acme", null);
        api.unit("north", "North", "acme");

        HttpResponse<String> parent = api.delete("/api/units/acme");

        assertThat(parent.statusCode()).isEqualTo(409);
        assertThat(api.json(parent).get("error").asText()).contains("child unit");
        assertThat(api.json(parent).get("fields").has("id")).isTrue();

        assertThat(api.delete("/api/units/north").statusCode()).isEqualTo(204);
        assertThat(api.delete("/api/units/north").statusCode()).isEqualTo(404);
        assertThat(api.delete("/api/units/acme").statusCode()).isEqualTo(204);
        assertThat(api.json(api.get("/api/units"))).isEmpty();
    }
}
