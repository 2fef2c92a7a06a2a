package dev.storerelay.adapter.web;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.MessageLogUseCase;
import dev.storerelay.application.port.out.MessageQuery;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.UnitId;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.List;
import java.util.Locale;

/** {@code /admin/delivery-log}: the queue and delivery log as a page; retry and discard for setup users. */
final class DeliveryLogRoutes {
    private static final List<String> BREADCRUMB = List.of("Delivery log");

    private final MessageLogUseCase log;

    DeliveryLogRoutes(MessageLogUseCase log) {
        this.log = log;
    }

    void show(Context ctx) {
        DeliveryLogPage.Filter filter = filter(ctx);
        // One more than a page tells whether a next page exists without counting.
        List<MessageView> found = log.messages(new MessageQuery(filter.unit() == null ? null : UnitId.of(filter.unit()),
                filter.status(), DeliveryLogPage.PAGE_SIZE + 1, (filter.page() - 1) * DeliveryLogPage.PAGE_SIZE));
        boolean hasNext = found.size() > DeliveryLogPage.PAGE_SIZE;
        List<MessageView> page = hasNext ? found.subList(0, DeliveryLogPage.PAGE_SIZE) : found;
        String done = ctx.queryParam("done");
        String notice = "retry".equals(done) ? "The message will be tried again now."
                : "discard".equals(done) ? "The message was discarded: its undelivered recipients are marked failed." : null;
        ctx.html(AdminLayout.page("Delivery log", BREADCRUMB, AdminPageAccess.session(ctx),
                DeliveryLogPage.content(AdminPageAccess.session(ctx), filter, page, hasNext, notice, false)));
    }

    void retry(Context ctx) {
        act(ctx, "retry", log.retry(messageId(ctx)));
    }

    void discard(Context ctx) {
        act(ctx, "discard", log.discard(messageId(ctx)));
    }

    private void act(Context ctx, String what, Outcome outcome) {
        DeliveryLogPage.Filter filter = filter(ctx);
        if (outcome instanceof Outcome.Done) {
            ctx.redirect(AdminLayout.DELIVERY_LOG + filter.query(filter.page()) + "&done=" + what, HttpStatus.SEE_OTHER);
            return;
        }
        if (outcome instanceof Outcome.Conflict conflict) {
            String reason = conflict.violations().isEmpty() ? "The message cannot be changed now."
                    : conflict.violations().get(0).message();
            ctx.status(409).html(AdminLayout.page("Delivery log", BREADCRUMB, AdminPageAccess.session(ctx),
                    DeliveryLogPage.content(AdminPageAccess.session(ctx), filter, List.of(), false, reason, true)));
            return;
        }
        throw AdminPageException.notFound("There is no such message.");
    }

    private static MessageId messageId(Context ctx) {
        String raw = ctx.pathParam("id");
        if (raw.isEmpty() || raw.length() > 18 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw AdminPageException.notFound("There is no such message.");
        }
        return new MessageId(Long.parseLong(raw));
    }

    private static DeliveryLogPage.Filter filter(Context ctx) {
        UnitId unitId = QueryParams.pageUnit(ctx.queryParam("unit"));
        String unit = unitId == null ? null : unitId.value();
        MessageStatus status = null;
        String statusText = ctx.queryParam("status");
        if (statusText != null && !statusText.isEmpty()) {
            try {
                status = MessageStatus.valueOf(statusText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw AdminPageException.badRequest("Choose one of the statuses queued, held, delivered, failed or expired.");
            }
        }
        return new DeliveryLogPage.Filter(unit, status, QueryParams.page(ctx.queryParam("page")));
    }
}
