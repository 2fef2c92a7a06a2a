package dev.storerelay.application.service;

import dev.storerelay.application.testing.MutableClock;
import dev.storerelay.application.testing.CountingSignal;
import dev.storerelay.application.testing.InMemoryMessageQueue;
import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.testing.InMemoryOrgUnits;
import dev.storerelay.application.testing.InMemoryUnitRouting;
import dev.storerelay.application.port.in.BulkUnitsUseCase.ImportReport;
import dev.storerelay.application.port.in.BulkUnitsUseCase.Limits;
import dev.storerelay.application.port.in.BulkUnitsUseCase.RoutingLists;
import dev.storerelay.application.port.in.BulkUnitsUseCase.RowError;
import dev.storerelay.application.port.in.BulkUnitsUseCase.Section;
import dev.storerelay.application.port.in.BulkUnitsUseCase.UnitExport;
import dev.storerelay.application.port.in.BulkUnitsUseCase.UnitImport;
import dev.storerelay.application.port.out.TransactionPort;
import dev.storerelay.application.testing.InMemoryRateLimits;
import dev.storerelay.domain.model.PasswordChange;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SmtpSettingsForm;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class BulkUnitsServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final InMemoryUnitSettings settings = new InMemoryUnitSettings();
    private final InMemoryOrgUnits units = new InMemoryOrgUnits(settings).with("company", "Company", null);
    private final InMemoryMessageQueue queue = new InMemoryMessageQueue();
    private final CountingSignal signal = new CountingSignal();
    private final RecordingTransactions transactions = new RecordingTransactions();
    private final BulkUnitsService service = new BulkUnitsService(units,
            new OrgUnitService(units, units, queue, signal, clock, AuditTrail.NONE, (delay, task) -> { }),
            new UpdateUnitSettingsService(units, settings, queue, queue, signal, clock, AuditTrail.NONE, (delay, task) -> { }),
            new UpdateRoutingService(units, new InMemoryUnitRouting(), AuditTrail.NONE),
            new RateLimitService(units, new InMemoryRateLimits()), transactions);

    @Test
    void importsEveryRowInOneTransactionChildrenBeforeParentsInTheFileIncluded() {
        ImportReport report = service.importUnits(List.of(
                row(0, "s1", "Store 1", "south", Section.of(smtp("smtp.example.net", "587")),
                        Section.of(new RoutingLists(List.of("@erp.local"), List.of("10.1.0.0/16"))),
                        Section.of(new Limits(30, 2))),
                row(1, "south", "Region South", "company", Section.unchanged(), Section.unchanged(), Section.unchanged()),
                row(2, "company", "Company Ltd", null, Section.unchanged(), Section.unchanged(), Section.unchanged())),
                false);

        assertThat(report).isEqualTo(new ImportReport.Imported(2, 1));
        assertThat(transactions.committed).isEqualTo(1);
        assertThat(transactions.rolledBack).isZero();
        List<UnitExport> exported = service.exportUnits();
        assertThat(exported).extracting(e -> e.unit().id().value()).containsExactly("company", "south", "s1");
        UnitExport store = exported.get(2);
        assertThat(store.unit().name()).isEqualTo("Store 1");
        assertThat(store.settings().connection().serverAddress().value()).isEqualTo("smtp.example.net");
        assertThat(store.routing().clientNetworks()).extracting(Object::toString).containsExactly("10.1.0.0/16");
        assertThat(store.rateLimit().messagesPerMinute()).isEqualTo(30);
        assertThat(store.connectionLimit().maxConnections()).isEqualTo(2);
        assertThat(exported.get(0).unit().name()).as("an existing unit updated").isEqualTo("Company Ltd");
        assertThat(exported.get(1).settings()).as("a unit that sets nothing").isNull();
        assertThat(exported.get(1).routing()).isNull();
        assertThat(exported.get(1).rateLimit()).isNull();
    }

    @Test
    void everyWrongRowIsReportedByItsFieldsAndTheTransactionRolledBack() {
        ImportReport report = service.importUnits(List.of(
                row(0, "s1", "Store 1", "company", Section.of(smtp("smtp.example.net", "70000")), Section.unchanged(),
                        Section.unchanged()),
                row(1, "s2", "Store 2", "company", Section.unchanged(),
                        Section.of(new RoutingLists(List.of(), List.of("not-a-network"))), Section.of(new Limits(0, null))),
                row(2, "s3", "", "nowhere", Section.unchanged(), Section.unchanged(), Section.unchanged()),
                row(3, "s4", "Store 4", "company", Section.unchanged(), Section.unchanged(), Section.unchanged()),
                row(4, "s1", "Store 1 again", "company", Section.unchanged(), Section.unchanged(), Section.unchanged()),
                new UnitImport(5, UnitId.of("s5"), "Store 5", UnitId.of("company"), Section.unchanged(), Section.unchanged(),
                        Section.unchanged(), Map.of("limits.maxConnections", "Enter a whole number."))),
                false);

        assertThat(transactions.rolledBack).isEqualTo(1);
        assertThat(transactions.committed).isZero();
        assertThat(report).isInstanceOf(ImportReport.Rejected.class);
        List<RowError> rows = ((ImportReport.Rejected) report).rows();
        assertThat(rows).extracting(RowError::row).containsExactly(0, 1, 2, 4, 5);
        assertThat(rows.get(0).fields()).containsOnlyKeys("smtp.port");
        assertThat(rows.get(1).fields()).containsKeys("routing.clientNetworks[0]", "limits.messagesPerMinute");
        assertThat(rows.get(2).fields()).containsOnlyKeys("name");
        assertThat(rows.get(3).fields()).containsEntry("id", "Unit s1 is in row 0 already.");
        assertThat(rows.get(4).fields()).containsEntry("limits.maxConnections", "Enter a whole number.");
    }

    @Test
    void aDryRunChecksEverythingAndRollsBack() {
        ImportReport report = service.importUnits(List.of(row(0, "s1", "Store 1", "company",
                Section.of(smtp("smtp.example.net", "25")), Section.unchanged(), Section.unchanged())), true);

        assertThat(report).isEqualTo(new ImportReport.Imported(1, 0));
        assertThat(transactions.rolledBack).isEqualTo(1);
        assertThat(transactions.committed).isZero();
    }

    @Test
    void aSectionGivenAsNothingClearsWhatTheUnitSetAndAnOmittedOneKeepsIt() {
        service.importUnits(List.of(row(0, "s1", "Store 1", "company", Section.of(smtp("smtp.example.net", "25")),
                Section.of(new RoutingLists(List.of("@erp.local"), List.of())), Section.of(new Limits(10, null)))), false);

        service.importUnits(List.of(row(0, "s1", "Store 1", "company", Section.of(null), Section.unchanged(),
                Section.of(null))), false);

        UnitExport store = service.exportUnits().get(1);
        assertThat(store.settings()).isNull();
        assertThat(store.routing().senderPatterns()).extracting(Object::toString).containsExactly("@erp.local");
        assertThat(store.rateLimit()).isNull();
    }

    private static UnitImport row(int row, String id, String name, String parent, Section<SmtpSettingsForm> smtp,
                                  Section<RoutingLists> routing, Section<Limits> limits) {
        return new UnitImport(row, UnitId.of(id), name, parent == null ? null : UnitId.of(parent), smtp, routing, limits,
                Map.of());
    }

    private static SmtpSettingsForm smtp(String server, String port) {
        return new SmtpSettingsForm(server, port, "store@example.net", new PasswordChange.Replace(new Secret("pw")),
                "START_TLS", "store@example.net");
    }

    /** Runs the work and counts how it ended; nothing to roll back in memory, only the fact. */
    private static final class RecordingTransactions implements TransactionPort {
        int committed;
        int rolledBack;

        @Override
        public <T> T inOneTransaction(Supplier<T> work) {
            try {
                T result = work.get();
                committed++;
                return result;
            } catch (RuntimeException e) {
                rolledBack++;
                throw e;
            }
        }
    }
}
