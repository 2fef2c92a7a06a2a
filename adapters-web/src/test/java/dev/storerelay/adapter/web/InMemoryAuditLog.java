package dev.storerelay.adapter.web;

import dev.storerelay.application.port.out.AuditLogPort;
import dev.storerelay.domain.model.AuditEntry;
import dev.storerelay.domain.model.UnitId;

import java.util.ArrayList;
import java.util.List;

/** The audit trail in memory, newest first when read. */
final class InMemoryAuditLog implements AuditLogPort {
    private final List<AuditEntry> entries = new ArrayList<>();

    @Override
    public synchronized void append(List<AuditEntry> added) {
        entries.addAll(added);
    }

    @Override
    public synchronized List<AuditEntry> find(UnitId unit, int limit, int offset) {
        List<AuditEntry> newestFirst = new ArrayList<>(entries.stream().filter(e -> unit == null || unit.equals(e.unit())).toList());
        java.util.Collections.reverse(newestFirst);
        return newestFirst.stream().skip(offset).limit(limit).toList();
    }
}
