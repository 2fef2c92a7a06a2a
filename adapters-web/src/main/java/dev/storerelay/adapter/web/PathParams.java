package dev.storerelay.adapter.web;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.domain.model.UnitId;
import io.javalin.http.Context;

import java.util.Map;

/** Path parameters checked before any use case sees them: a malformed id is the client's error (400), never a 500. */
final class PathParams {
    static final String UNIT_ID_RULE = "A unit id is 1-64 letters, digits, '-' or '_'.";
    private static final int MAX_LONG_DIGITS = 18;

    private PathParams() {
    }

    static UnitId unitId(Context ctx) {
        String raw = ctx.pathParam("id");
        if (!UnitId.isValid(raw)) {
            throw new ApiException(400, "invalid unit id", Map.of("id", UNIT_ID_RULE));
        }
        return UnitId.of(raw);
    }

    static MessageId messageId(Context ctx) {
        String raw = ctx.pathParam("id");
        if (raw.isEmpty() || raw.length() > MAX_LONG_DIGITS || !raw.chars().allMatch(c -> c >= '0' && c <= '9')
                || Long.parseLong(raw) <= 0) {
            throw new ApiException(400, "invalid message id", Map.of("id", "A message id is a positive whole number."));
        }
        return new MessageId(Long.parseLong(raw));
    }
}
