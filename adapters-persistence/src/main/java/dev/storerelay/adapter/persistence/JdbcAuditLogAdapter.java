package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.AuditLogPort;
import dev.storerelay.domain.model.AuditEntry;
import dev.storerelay.domain.model.UnitId;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
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
        Jdbc.inTransaction(database, "write the audit trail", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO audit_log (at, actor, unit_id, field, change_text) VALUES "
                            + String.join(", ", Collections.nCopies(entries.size(), "(?, ?, ?, ?, ?)")))) {
                int index = 1;
                for (AuditEntry entry : entries) {
                    Jdbc.setInstant(insert, index++, entry.at());
                    insert.setString(index++, entry.actor());
                    Jdbc.setNullableString(insert, index++, entry.unit() == null ? null : entry.unit().value());
                    insert.setString(index++, entry.field());
                    insert.setString(index++, entry.change());
                }
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<AuditEntry> find(UnitId unit, int limit, int offset) {
        return Jdbc.withConnection(database, "read the audit trail", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT at, actor, unit_id, field, change_text FROM audit_log"
                            + (unit == null ? "" : " WHERE unit_id = ?") + " ORDER BY id DESC LIMIT ? OFFSET ?")) {
                int index = 1;
                if (unit != null) {
                    select.setString(index++, unit.value());
                }
                select.setInt(index++, limit);
                select.setInt(index, offset);
                List<AuditEntry> entries = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String unitId = rows.getString("unit_id");
                        entries.add(new AuditEntry(Jdbc.getInstant(rows, "at"), rows.getString("actor"),
                                unitId == null ? null : UnitId.of(unitId), rows.getString("field"), rows.getString("change_text")));
                    }
                }
                return entries;
            }
        });
    }
}
