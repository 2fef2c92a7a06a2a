package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.AuditEntry;
import dev.storerelay.domain.model.UnitId;

import java.util.List;

/** Where the audit trail is kept. Entries are only ever added. */
public interface AuditLogPort {

    void append(List<AuditEntry> entries);

    /** Entries about {@code unit} ({@code null}: all), newest first. */
    List<AuditEntry> find(UnitId unit, int limit, int offset);
}
