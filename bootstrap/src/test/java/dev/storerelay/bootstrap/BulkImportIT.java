package dev.storerelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/export} and {@code POST /api/import} (README, *Importing and exporting units*) on the real
 * application and database: 500 stores in one CSV request; a file with one wrong row creates nothing and names the row
 * and the field; secrets may be imported and are never exported; an export imported again changes nothing.
 */
class BulkImportIT {
    private static final String ADMIN_PASSWORD = "bulk-admin-password";
    static final String SECRET = "Store-Password-4711";

    @RegisterExtension
    static final RelayExtension relay = RelayExtension.builder().adminPassword(ADMIN_PASSWORD).build();
    private static AdminApi api;

    @BeforeAll
    static void start() {
        api = relay.api();
    }

    @BeforeEach
    void onlyTheCompany() {
        // Children first: a unit with children cannot be removed.
        for (int pass = 0; pass < 3; pass++) {
            for (JsonNode unit : api.ok(api.get("/api/units"))) {
                if (!unit.get("id").asText().equals("company")) {
                    api.delete("/api/units/" + unit.get("id").asText());
                }
            }
        }
        api.ok(api.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
    }

    @Test
    void fiveHundredStoresInOneCsvRequestAndTheSameFileWithOneWrongRowCreatesNothing() {
        String wrong = StoresCsv.stores(500, 250, "smtp.port", "70000");
        AdminApi.Response refused = api.post("/api/import", "text/csv", wrong);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("rows")).hasSize(1);
        assertThat(refused.json().get("rows").get(0).get("row").asInt()).as("header 1, two regions, then s001…")
                .isEqualTo(StoresCsv.lineOfStore(250));
        assertThat(refused.json().get("rows").get(0).get("fields").fieldNames()).toIterable().containsExactly("smtp.port");
        assertThat(api.ok(api.get("/api/units"))).as("nothing created").hasSize(1);

        JsonNode imported = api.ok(api.post("/api/import", "text/csv", StoresCsv.stores(500, 0, null, null)));
        assertThat(imported.get("created").asInt()).isEqualTo(502);
        assertThat(imported.get("updated").asInt()).isZero();
        assertThat(api.ok(api.get("/api/units"))).hasSize(503);
        JsonNode store = api.ok(api.get("/api/units/s123/smtp"));
        assertThat(store.get("serverAddress").asText()).isEqualTo("smtp.s123.example");
        assertThat(store.get("passwordSet").asBoolean()).isTrue();
        assertThat(api.ok(api.get("/api/units/s123/routing")).get("clientNetworks").get(0).asText()).isEqualTo("10.0.123.0/24");
        assertThat(api.ok(api.get("/api/units/s123/limits")).get("messagesPerMinute").asInt()).isEqualTo(30);
    }

    @Test
    void anExportNeverHoldsASecretAndImportedAgainChangesNothing() {
        api.ok(api.post("/api/import", "text/csv", StoresCsv.stores(20, 0, null, null)));

        AdminApi.Response csv = api.get("/api/export?format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).startsWith("id,name,parentId,smtp.serverAddress,").contains("smtp.s007.example,587,")
                .doesNotContain(SECRET).doesNotContain("password");
        AdminApi.Response json = api.get("/api/export?format=json");
        assertThat(json.body()).doesNotContain(SECRET).doesNotContain("passwordSet");
        assertThat(json.json().get("units").get(0).get("id").asText()).as("parents first").isEqualTo("company");
        assertThat(json.json().get("units").get(0).has("smtp")).as("a unit that sets nothing").isFalse();

        JsonNode again = api.ok(api.post("/api/import", json.body()));
        assertThat(again.get("created").asInt()).isZero();
        assertThat(again.get("updated").asInt()).isEqualTo(23);
        assertThat(api.get("/api/export?format=json").body()).isEqualTo(json.body());
        assertThat(api.ok(api.get("/api/units/s007/smtp")).get("passwordSet").asBoolean()).as("kept").isTrue();

        JsonNode csvAgain = api.ok(api.post("/api/import", "text/csv", csv.body()));
        assertThat(csvAgain.get("updated").asInt()).isEqualTo(23);
        assertThat(api.get("/api/export?format=csv").body()).isEqualTo(csv.body());
    }

    @Test
    void aJsonFileIsCheckedAsTheSingleUnitCallsCheckAndEveryWrongRowIsReported() {
        AdminApi.Response refused = api.post("/api/import", """
                {"units": [
                  {"id": "north", "name": "Region North", "parentId": "company"},
                  {"id": "n1", "name": "Store N1", "parentId": "north", "smtp": {"serverAddress": "smtp.n1.example", "port": "x"}},
                  {"id": "n 2", "name": "Store N2", "parentId": "north"},
                  {"id": "n3", "name": "Store N3", "parentId": "nowhere", "colour": "red"},
                  {"id": "n4", "name": "Store N4", "parentId": "north", "routing": {"clientNetworks": ["10.9.0.0/33"]}}
                ]}""");

        assertThat(refused.status()).isEqualTo(400);
        JsonNode rows = refused.json().get("rows");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).get("row").asInt()).isEqualTo(1);
        assertThat(rows.get(0).get("fields").has("smtp.port")).isTrue();
        assertThat(rows.get(1).get("row").asInt()).isEqualTo(2);
        assertThat(rows.get(1).get("fields").has("id")).isTrue();
        assertThat(rows.get(2).get("fields").has("colour")).isTrue();
        assertThat(rows.get(2).get("fields").has("parentId")).isTrue();
        assertThat(rows.get(3).get("fields").has("routing.clientNetworks[0]")).isTrue();
        assertThat(api.ok(api.get("/api/units"))).as("Region North was right, and is not created either").hasSize(1);

        AdminApi.Response dryRun = api.post("/api/import?dryRun=true",
                "{\"units\": [{\"id\": \"north\", \"name\": \"Region North\", \"parentId\": \"company\"}]}");
        assertThat(dryRun.json().get("created").asInt()).isEqualTo(1);
        assertThat(api.ok(api.get("/api/units"))).as("a dry run writes nothing").hasSize(1);

        assertThat(api.post("/api/import", "text/plain", "id\nx\n").status()).as("a cross-site form's type").isEqualTo(415);
    }
}
