package dev.storerelay.application.port.in;

import dev.storerelay.domain.model.AuditEntry;
import dev.storerelay.domain.model.UnitId;

import java.util.List;

/** The audit trail as an admin reads it: who changed which field of which unit when. */
public interface AuditLogUseCase {

    /** Entries about {@code unit} ({@code null}: all), newest first, a page of at most {@code limit}. */
    List<AuditEntry> entries(UnitId unit, int limit, int offset);
}
