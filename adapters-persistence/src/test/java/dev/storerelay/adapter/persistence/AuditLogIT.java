package dev.storerelay.adapter.persistence;

import dev.storerelay.domain.model.AuditEntry;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

class AuditLogIT {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00.123456Z");

    @RegisterExtension
    static final StartedDatabase DB = new StartedDatabase();
    static JdbcAuditLogAdapter log;

    @BeforeAll
    static void adapters() {
        log = new JdbcAuditLogAdapter(DB.database());
    }

    @Test
    void entriesAreKeptNewestFirstPerUnitAndPaged() {
        UnitId store = UnitId.of("store-12");
        AuditEntry first = new AuditEntry(T0, "alice", store, "SMTP Server Address", "set to smtp.example.com");
        AuditEntry second = new AuditEntry(T0.plusSeconds(1), "alice", store, "SMTP Server Password", "set");
        AuditEntry other = new AuditEntry(T0.plusSeconds(2), "bob", null, "Admin user carol", "created with the view permission");
        log.append(List.of(first, second));
        log.append(List.of(other));

        assertThat(log.find(store, 10, 0)).containsExactly(second, first);
        assertThat(log.find(null, 10, 0)).containsExactly(other, second, first);
        assertThat(log.find(null, 1, 1)).containsExactly(second);
        assertThat(log.find(UnitId.of("nobody"), 10, 0)).isEmpty();
    }

    @Test
    void instantsGoThroughJdbiAsUtcWhateverTheJvmTimeZone() {
        UnitId store = UnitId.of("store-zone");
        AuditEntry entry = new AuditEntry(T0, "alice", store, "SMTP Server Port", "set to 587");
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns"));
            log.append(List.of(entry));
            assertThat(log.find(store, 10, 0)).containsExactly(entry);
            Instant read = DB.database().jdbi().withHandle(handle -> handle
                    .createQuery("SELECT at FROM audit_log WHERE unit_id = ?").bind(0, store.value())
                    .mapTo(Instant.class).one());
            assertThat(read).isEqualTo(T0);
        } finally {
            TimeZone.setDefault(original);
        }
        String stored = DB.database().jdbi().withHandle(handle -> handle
                .createQuery("SELECT CAST(at AS CHAR) FROM audit_log WHERE unit_id = ?").bind(0, store.value())
                .mapTo(String.class).one());
        assertThat(stored).isEqualTo("2030-01-01 10:00:00.123456");
    }
}
