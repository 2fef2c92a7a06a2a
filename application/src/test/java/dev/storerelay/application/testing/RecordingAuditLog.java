package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.AuditLogPort;
import dev.storerelay.domain.model.AuditEntry;
import dev.storerelay.domain.model.UnitId;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An audit log that keeps every entry in the order it was appended, for a test to check what was audited. */
public final class RecordingAuditLog implements AuditLogPort {
    private final List<AuditEntry> entries = new CopyOnWriteArrayList<>();

    @Override
    public void append(List<AuditEntry> added) {
        entries.addAll(added);
    }

    /** Every entry, oldest first, whatever the unit, limit and offset: the services under test only append. */
    @Override
    public List<AuditEntry> find(UnitId unit, int limit, int offset) {
        return entries();
    }

    public List<AuditEntry> entries() {
        return List.copyOf(entries);
    }
}
