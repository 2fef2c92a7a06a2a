package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.RefusedSubmissionLogUseCase;
import dev.storerelay.domain.model.RefusedSubmission;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/refused?limit=&offset=}: the submissions the relay listener refused, newest first. */
final class RefusedRoutes {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final RefusedSubmissionLogUseCase refused;

    RefusedRoutes(RefusedSubmissionLogUseCase refused) {
        this.refused = refused;
    }

    /**
     * One refusal as the API shows it (README, *Admin JSON API*). Instants are ISO-8601 text.
     *
     * @param mailFrom {@code ""} for the null reverse-path, {@code null} when the client had given no sender
     */
    record RefusedJson(String at, ClientJson client, String mailFrom, List<String> recipients, ReplyJson reply) {
        static RefusedJson of(RefusedSubmission r) {
            return new RefusedJson(r.at().toString(), new ClientJson(r.clientAddress(), r.clientName()), r.mailFrom(),
                    r.recipients(), new ReplyJson(r.reply().code(), r.reply().enhancedCode(), r.reply().text()));
        }
    }

    /** The client's IP address and the name it gave in EHLO or HELO ({@code null} before it did). */
    record ClientJson(String address, String name) {
    }

    /** The listener's reply: {@code enhancedCode} {@code null} when the text has none. */
    record ReplyJson(int code, String enhancedCode, String text) {
    }

    void list(Context ctx) {
        Map<String, String> errors = new LinkedHashMap<>();
        int limit = QueryParams.number(ctx.queryParam("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT, "limit", errors);
        int offset = QueryParams.offset(ctx.queryParam("offset"), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        ctx.json(refused.refused(limit, offset).stream().map(RefusedJson::of).toList());
    }
}
