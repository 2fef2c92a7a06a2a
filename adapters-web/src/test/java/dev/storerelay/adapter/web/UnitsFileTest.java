package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.storerelay.application.port.in.BulkUnitsUseCase.ImportReport;
import dev.storerelay.application.port.in.BulkUnitsUseCase.RowError;
import dev.storerelay.application.port.in.BulkUnitsUseCase.UnitExport;
import dev.storerelay.application.port.in.BulkUnitsUseCase.UnitImport;
import dev.storerelay.domain.model.ClientNetwork;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.PasswordChange;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import dev.storerelay.domain.model.UnitSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UnitsFileTest {
    private static final ObjectMapper MAPPER = JacksonJsonMapper.newObjectMapper();

    @Test
    void aCsvRowBecomesTheUnitItsColumnsDescribeWithQuotedCellsOverSeveralLinesAndListsSplitAtSpaces() {
        String pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        UnitsCsv.CsvRows read = UnitsCsv.fromCsv("id,name,parentId,smtp.serverAddress,smtp.port,smtp.password,"
                + "smtp.trust.caCertificatesPem,routing.senderPatterns,limits.maxConnections\n"
                + "s1,\"Store 1, Main Street\",south,smtp.example.net,587,\" secret with spaces \",\"" + pem + "\","
                + "@erp.local  erp@other.local,3\n"
                + "s2,Store 2,south,,,,,,\n");

        assertThat(read.refused()).isNull();
        UnitImport s1 = read.rows().get(0);
        assertThat(s1.row()).isEqualTo(2);
        assertThat(s1.name()).isEqualTo("Store 1, Main Street");
        assertThat(s1.smtp().value().serverAddress()).isEqualTo("smtp.example.net");
        assertThat(s1.smtp().value().port()).isEqualTo("587");
        assertThat(s1.smtp().value().password()).isEqualTo(new PasswordChange.Replace(new Secret(" secret with spaces ")));
        assertThat(s1.smtp().value().trust().caCertificatesPem()).isEqualTo(pem);
        assertThat(s1.routing().value().senderPatterns()).containsExactly("@erp.local", "erp@other.local");
        assertThat(s1.routing().value().clientNetworks()).isEmpty();
        assertThat(s1.limits().value().maxConnections()).isEqualTo(3);
        assertThat(s1.limits().value().messagesPerMinute()).isNull();
        UnitImport s2 = read.rows().get(1);
        assertThat(s2.row()).as("the PEM's lines are one record").isEqualTo(3);
        assertThat(s2.smtp().given()).isTrue();
        assertThat(s2.smtp().value()).as("no setting: the unit sets nothing").isNull();
    }

    @Test
    void columnsLeftOutLeaveTheirSectionAsItIsAndAnEmptySecretKeepsTheStoredOne() {
        UnitsCsv.CsvRows read = UnitsCsv.fromCsv("id,name,smtp.serverAddress,smtp.password\ns1,Store 1,smtp.example.net,\n");

        UnitImport s1 = read.rows().get(0);
        assertThat(s1.routing().given()).isFalse();
        assertThat(s1.limits().given()).isFalse();
        assertThat(s1.smtp().value().password()).isEqualTo(new PasswordChange.Keep());
    }

    @Test
    void aHeaderWithAnUnknownColumnOrNoIdIsTheFilesErrorOnLineOne() {
        assertThat(UnitsCsv.fromCsv("id,name,smtp.colour\n").refused())
                .isEqualTo(new ImportReport.Rejected(List.of(new RowError(1, java.util.Map.of("smtp.colour", "unknown column")))));
        assertThat(UnitsCsv.fromCsv("name\nStore\n").refused().rows().get(0).fields()).containsKey("id");
        assertThat(UnitsCsv.fromCsv("").refused().rows().get(0).fields()).containsKey("file");
    }

    @Test
    void wrongCellsAreTheRowsParseErrors() {
        UnitsCsv.CsvRows read = UnitsCsv.fromCsv("id,name,smtp.password,limits.messagesPerMinute\n"
                + "s 1,Store 1,secret,many\n");

        assertThat(read.rows().get(0).parseErrors()).containsOnlyKeys("smtp.password", "limits.messagesPerMinute", "id");
    }

    @Test
    void anExportHasNoSecretAndItsCsvReadsBackAsTheSameUnits() throws Exception {
        SmtpConnection connection = new SmtpConnection(new ServerAddress("smtp.example.net"), new Port(587),
                "store@example.net", new Secret("Never-Exported-1"), SecureSocketOptions.START_TLS);
        UnitExport store = new UnitExport(new OrgUnit(UnitId.of("s1"), "Store 1", UnitId.of("company")),
                new UnitSettings(connection, new EmailAddress("store@example.net")),
                new UnitRouting(UnitId.of("s1"), List.of(), List.of(ClientNetwork.parse("10.1.0.0/16").orElseThrow())), new RateLimit(30), null);
        UnitExport company = new UnitExport(new OrgUnit(UnitId.of("company"), "Company", null), null, null, null, null);

        String json = MAPPER.writeValueAsString(UnitsFile.toJson(List.of(company, store), MAPPER));
        String csv = UnitsCsv.toCsv(List.of(company, store), MAPPER);

        assertThat(json).doesNotContain("Never-Exported-1").doesNotContain("passwordSet")
                .startsWith("{\"units\":[{\"id\":\"company\",\"name\":\"Company\",\"parentId\":null}");
        assertThat(csv).doesNotContain("Never-Exported-1").startsWith(String.join(",", UnitsCsv.COLUMNS) + "\n");
        List<UnitImport> fromCsv = UnitsCsv.fromCsv(csv).rows();
        List<UnitImport> fromJson = UnitsFile.fromJson(MAPPER.readTree(json));
        assertThat(fromCsv).hasSize(2);
        assertThat(fromCsv.get(1).smtp().value()).isEqualTo(fromJson.get(1).smtp().value());
        assertThat(fromCsv.get(1).routing().value()).isEqualTo(fromJson.get(1).routing().value());
        assertThat(fromCsv.get(1).limits().value()).isEqualTo(fromJson.get(1).limits().value());
        assertThat(fromJson.get(0).smtp().given()).as("a unit that sets nothing: left as it is from JSON").isFalse();
        assertThat(fromCsv.get(1).smtp().value().password()).isEqualTo(new PasswordChange.Keep());
    }
}
