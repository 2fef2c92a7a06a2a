package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.RefusedSubmissionLogUseCase;
import dev.storerelay.domain.model.RefusedSubmission;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.List;

/** {@code /admin/refused?page=}: the listener's refusals as a page (read only, for view and setup users alike). */
final class RefusedPageRoutes {

    private final RefusedSubmissionLogUseCase refused;

    RefusedPageRoutes(RefusedSubmissionLogUseCase refused) {
        this.refused = refused;
    }

    void register(JavalinConfig c) {
        c.routes.get(AdminLayout.REFUSED, this::show);
    }

    void show(Context ctx) {
        int page = QueryParams.page(ctx.queryParam("page"));
        // One more than a page tells whether a next page exists without counting.
        List<RefusedSubmission> found = refused.refused(RefusedPage.PAGE_SIZE + 1, (page - 1) * RefusedPage.PAGE_SIZE);
        boolean hasNext = found.size() > RefusedPage.PAGE_SIZE;
        ctx.html(AdminLayout.page("Refused", RefusedPage.BREADCRUMB, AdminPageAccess.session(ctx),
                RefusedPage.content(page, hasNext ? found.subList(0, RefusedPage.PAGE_SIZE) : found, hasNext)));
    }
}
