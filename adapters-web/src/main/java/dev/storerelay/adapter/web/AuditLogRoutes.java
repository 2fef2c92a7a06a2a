package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.AuditLogUseCase;
import dev.storerelay.domain.model.AuditEntry;
import dev.storerelay.domain.model.UnitId;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.List;

/** {@code /admin/audit?unit=&page=}: the audit trail as a page (read only, for view and setup users alike). */
final class AuditLogRoutes {

    private final AuditLogUseCase audit;

    AuditLogRoutes(AuditLogUseCase audit) {
        this.audit = audit;
    }

    void register(JavalinConfig c) {
        c.routes.get(AdminLayout.AUDIT_LOG, this::show);
    }

    void show(Context ctx) {
        AuditLogPage.Filter filter = new AuditLogPage.Filter(unitText(ctx.queryParam("unit")), QueryParams.page(ctx.queryParam("page")));
        // One more than a page tells whether a next page exists without counting.
        List<AuditEntry> found = audit.entries(filter.unit() == null ? null : UnitId.of(filter.unit()),
                AuditLogPage.PAGE_SIZE + 1, (filter.page() - 1) * AuditLogPage.PAGE_SIZE);
        boolean hasNext = found.size() > AuditLogPage.PAGE_SIZE;
        List<AuditEntry> page = hasNext ? found.subList(0, AuditLogPage.PAGE_SIZE) : found;
        ctx.html(AdminLayout.page("Audit log", AuditLogPage.BREADCRUMB, AdminPageAccess.session(ctx),
                AuditLogPage.content(filter, page, hasNext)));
    }

    private static String unitText(String text) {
        UnitId unit = QueryParams.pageUnit(text);
        return unit == null ? null : unit.value();
    }
}
