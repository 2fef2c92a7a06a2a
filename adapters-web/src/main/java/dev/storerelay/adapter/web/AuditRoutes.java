package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.AuditLogUseCase;
import dev.storerelay.domain.model.AuditEntry;
import dev.storerelay.domain.model.UnitId;
import io.javalin.http.Context;

/** {@code GET /api/audit?unit=&limit=&offset=}: who changed which field of which unit when, newest first. */
final class AuditRoutes {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final AuditLogUseCase audit;

    AuditRoutes(AuditLogUseCase audit) {
        this.audit = audit;
    }

    /** One entry as the API shows it; a password change reads "set", "changed" or "cleared", never the value. */
    record AuditJson(String at, String actor, String unitId, String field, String change) {
        static AuditJson of(AuditEntry entry) {
            return new AuditJson(entry.at().toString(), entry.actor(), entry.unit() == null ? null : entry.unit().value(),
                    entry.field(), entry.change());
        }
    }

    void list(Context ctx) {
        java.util.Map<String, String> errors = new java.util.LinkedHashMap<>();
        UnitId unit = QueryParams.unit(ctx.queryParam("unit"), errors);
        int limit = QueryParams.number(ctx.queryParam("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT, "limit", errors);
        int offset = QueryParams.offset(ctx.queryParam("offset"), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        ctx.json(audit.entries(unit, limit, offset).stream().map(AuditJson::of).toList());
    }
}
