package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.AuditLogPort;
import dev.storerelay.domain.model.AuditEntry;
import dev.storerelay.domain.model.UnitId;
import org.jdbi.v3.core.statement.Query;

import java.util.Collections;
import java.util.List;

/** The audit trail in table {@code audit_log}. */
final class JdbcAuditLogAdapter implements AuditLogPort {
    private final Database database;

    JdbcAuditLogAdapter(Database database) {
        this.database = database;
    }

    @Override
    public void append(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        // One multi-row INSERT: a single round trip for a whole change, however many fields it touched.
        Jdbc.inHandleTransaction(database, "write the audit trail", handle -> {
            var insert = handle.createUpdate("INSERT INTO audit_log (at, actor, unit_id, field, change_text) VALUES "
                    + String.join(", ", Collections.nCopies(entries.size(), "(?, ?, ?, ?, ?)")));
            int index = 0;
            for (AuditEntry entry : entries) {
                insert.bind(index++, entry.at())
                        .bind(index++, entry.actor())
                        .bind(index++, entry.unit() == null ? null : entry.unit().value())
                        .bind(index++, entry.field())
                        .bind(index++, entry.change());
            }
            return insert.execute();
        });
    }

    @Override
    public List<AuditEntry> find(UnitId unit, int limit, int offset) {
        return Jdbc.withHandle(database, "read the audit trail", handle -> {
            Query select = handle.createQuery("SELECT at, actor, unit_id, field, change_text FROM audit_log"
                    + (unit == null ? "" : " WHERE unit_id = :unit") + " ORDER BY id DESC LIMIT :limit OFFSET :offset");
            if (unit != null) {
                select.bind("unit", unit.value());
            }
            return select.bind("limit", limit)
                    .bind("offset", offset)
                    .map((rows, context) -> {
                        String unitId = rows.getString("unit_id");
                        return new AuditEntry(SqlValues.getInstant(rows, "at"),
                                rows.getString("actor"), unitId == null ? null : UnitId.of(unitId), rows.getString("field"),
                                rows.getString("change_text"));
                    })
                    .list();
        });
    }
}
