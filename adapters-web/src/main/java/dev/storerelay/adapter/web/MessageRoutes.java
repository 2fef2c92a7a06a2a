package dev.storerelay.adapter.web;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.in.MessageLogUseCase;
import dev.storerelay.application.port.out.MessageQuery;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.UnitId;
import io.javalin.http.Context;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code /api/messages}: the queue and delivery log, retrying a message now and discarding one. */
final class MessageRoutes {
    static final int DEFAULT_LIMIT = 50;

    private final MessageLogUseCase log;

    MessageRoutes(MessageLogUseCase log) {
        this.log = log;
    }

    void list(Context ctx) {
        ctx.json(log.messages(query(ctx)).stream().map(MessageJson::of).toList());
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
        UnitId unit = QueryParams.unit(ctx.queryParam("unit"), errors);
        MessageStatus status = null;
        String statusText = ctx.queryParam("status");
        if (statusText != null && !statusText.isEmpty()) {
            status = Arrays.stream(MessageStatus.values())
                    .filter(s -> s.name().equals(statusText.toUpperCase(Locale.ROOT))).findFirst().orElse(null);
            if (status == null) {
                errors.put("status", "Choose one of " + Arrays.stream(MessageStatus.values()).map(Enum::name)
                        .collect(Collectors.joining(", ")) + ".");
            }
        }
        int limit = QueryParams.number(ctx.queryParam("limit"), DEFAULT_LIMIT, 1, MessageQuery.MAX_LIMIT, "limit", errors);
        int offset = QueryParams.offset(ctx.queryParam("offset"), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new MessageQuery(unit, status, limit, offset);
    }
}
