package dev.storerelay.adapter.web;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.MessageLogUseCase;
import dev.storerelay.application.port.out.MessageQuery;
import dev.storerelay.application.port.out.MessageView;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * {@code /admin/delivery-log}: the queue and delivery log as a page with the search of the API, each message's own
 * page, and retry and discard for setup users.
 */
final class DeliveryLogRoutes {
    private static final List<String> BREADCRUMB = List.of("Delivery log");
    /** The value of {@code from} on an action posted from a message's page, which the answer returns to. */
    private static final String FROM_MESSAGE = "message";

    private final MessageLogUseCase log;

    DeliveryLogRoutes(MessageLogUseCase log) {
        this.log = log;
    }

    /** The search's page; a bad value (400) or an unknown unit (404) is said above the form, which keeps what was typed. */
    void show(Context ctx) {
        DeliveryLogPage.Filter filter = filter(ctx);
        Map<String, String> errors = new LinkedHashMap<>();
        // One more than a page tells whether a next page exists without counting.
        MessageQuery query = MessageSearchParams.parse(filter::value, DeliveryLogPage.PAGE_SIZE + 1,
                (filter.page() - 1) * DeliveryLogPage.PAGE_SIZE, errors);
        if (!errors.isEmpty()) {
            ctx.status(400);
            StringJoiner notice = new StringJoiner(" ");
            errors.forEach((name, message) -> notice.add(DeliveryLogPage.label(name) + ": " + message));
            showLog(ctx, filter, List.of(), false, notice.toString(), true);
            return;
        }
        Optional<List<MessageView>> found = log.messages(query);
        if (found.isEmpty()) {
            ctx.status(404);
            showLog(ctx, filter, List.of(), false, "There is no unit " + filter.value("unit") + ".", true);
            return;
        }
        boolean hasNext = found.get().size() > DeliveryLogPage.PAGE_SIZE;
        List<MessageView> page = hasNext ? found.get().subList(0, DeliveryLogPage.PAGE_SIZE) : found.get();
        showLog(ctx, filter, page, hasNext, doneNotice(ctx), false);
    }

    private static void showLog(Context ctx, DeliveryLogPage.Filter filter, List<MessageView> messages, boolean hasNext,
                                String notice, boolean error) {
        ctx.html(AdminLayout.page("Delivery log", BREADCRUMB, AdminPageAccess.session(ctx),
                DeliveryLogPage.content(AdminPageAccess.session(ctx), filter, messages, hasNext, notice, error)));
    }

    private static String doneNotice(Context ctx) {
        String done = ctx.queryParam("done");
        return "retry".equals(done) ? "The message will be tried again now."
                : "discard".equals(done) ? "The message was discarded: its undelivered recipients are marked failed." : null;
    }

    /** {@code /admin/delivery-log/{id}}: one message with its recipients, routing and attempts. */
    void message(Context ctx) {
        MessageId id = messageId(ctx);
        showMessage(ctx, id, doneNotice(ctx), false);
    }

    private void showMessage(Context ctx, MessageId id, String notice, boolean error) {
        MessageView message = log.message(id).orElseThrow(() -> AdminPageException.notFound("There is no such message."));
        List<String> breadcrumb = List.of("Delivery log", MessagePage.title(id));
        ctx.html(AdminLayout.page(MessagePage.title(id), breadcrumb, AdminPageAccess.session(ctx),
                MessagePage.content(AdminPageAccess.session(ctx), message, log.attempts(id).orElse(List.of()), notice, error)));
    }

    void retry(Context ctx) {
        act(ctx, "retry", log.retry(messageId(ctx)));
    }

    void discard(Context ctx) {
        act(ctx, "discard", log.discard(messageId(ctx)));
    }

    private void act(Context ctx, String what, Outcome outcome) {
        boolean fromMessage = FROM_MESSAGE.equals(ctx.queryParam("from"));
        MessageId id = messageId(ctx);
        DeliveryLogPage.Filter filter = filter(ctx);
        if (outcome instanceof Outcome.Done) {
            ctx.redirect(fromMessage ? MessagePage.path(id) + "?done=" + what
                    : AdminLayout.DELIVERY_LOG + filter.query(filter.page()) + "&done=" + what, HttpStatus.SEE_OTHER);
            return;
        }
        if (outcome instanceof Outcome.Conflict conflict) {
            String reason = conflict.violations().isEmpty() ? "The message cannot be changed now."
                    : conflict.violations().get(0).message();
            ctx.status(409);
            if (fromMessage) {
                showMessage(ctx, id, reason, true);
            } else {
                showLog(ctx, filter, List.of(), false, reason, true);
            }
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
        return DeliveryLogPage.Filter.of(ctx::queryParam, QueryParams.page(ctx.queryParam("page")));
    }
}
