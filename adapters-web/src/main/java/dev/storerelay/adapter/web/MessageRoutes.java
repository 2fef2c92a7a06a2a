package dev.storerelay.adapter.web;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.in.MessageLogUseCase;
import dev.storerelay.application.port.out.MessageQuery;
import dev.storerelay.domain.model.UnitId;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/messages}: the queue and delivery log, retrying a message now and discarding one. */
final class MessageRoutes {
    static final int DEFAULT_LIMIT = 50;

    private final MessageLogUseCase log;

    MessageRoutes(MessageLogUseCase log) {
        this.log = log;
    }

    /** {@code GET /api/messages} with the search of the README's *Message search*; an unknown unit is a 404 naming {@code unit}. */
    void list(Context ctx) {
        MessageQuery query = query(ctx);
        ctx.json(log.messages(query).orElseThrow(() -> unknownUnit(query)).stream().map(MessageJson::of).toList());
    }

    private static ApiException unknownUnit(MessageQuery query) {
        String unit = query.unitFilter().map(UnitId::value).orElse("");
        return new ApiException(404, "unit " + unit + " not found", Map.of("unit", "There is no unit " + unit + "."));
    }

    /** {@code GET /api/messages/counts[?unit=]}: messages per status, e.g. the queue depth for monitoring. */
    void counts(Context ctx) {
        MessageQuery filter = query(ctx);
        Map<String, Long> counts = new LinkedHashMap<>();
        log.counts(filter.unitFilter().orElse(null)).forEach((status, count) -> counts.put(status.name(), count));
        ctx.json(counts);
    }

    void get(Context ctx) {
        MessageId id = PathParams.messageId(ctx);
        ctx.json(MessageJson.of(log.message(id).orElseThrow(() -> ApiException.notFound("message " + id))));
    }

    /** The attempt history: when each try happened and what came of it, so backoff and causes are visible. */
    void attempts(Context ctx) {
        MessageId id = PathParams.messageId(ctx);
        ctx.json(log.attempts(id).orElseThrow(() -> ApiException.notFound("message " + id)).stream()
                .map(a -> new AttemptJson(a.at().toString(), a.counted(), a.held(), a.summary()))
                .toList());
    }

    /** One attempt as the API shows it. */
    record AttemptJson(String at, boolean counted, boolean held, String summary) {
    }

    void retry(Context ctx) {
        MessageId id = PathParams.messageId(ctx);
        Outcomes.requireDone(log.retry(id));
        ctx.status(202);
        log.message(id).ifPresent(m -> ctx.json(MessageJson.of(m)));
    }

    /** Gives up on a message: its undelivered recipients fail with "discarded by an admin". */
    void discard(Context ctx) {
        MessageId id = PathParams.messageId(ctx);
        Outcomes.requireDone(log.discard(id));
        log.message(id).ifPresent(m -> ctx.json(MessageJson.of(m)));
    }

    private static MessageQuery query(Context ctx) {
        Map<String, String> errors = new LinkedHashMap<>();
        int limit = QueryParams.number(ctx.queryParam("limit"), DEFAULT_LIMIT, 1, MessageQuery.MAX_LIMIT, "limit", errors);
        int offset = QueryParams.offset(ctx.queryParam("offset"), errors);
        MessageQuery query = MessageSearchParams.parse(ctx::queryParam, limit, offset, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return query;
    }
}
