package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.UnitId;

import java.util.Optional;

/**
 * A page of the delivery log, newest first.
 *
 * @param unit   only this store's messages; {@code null} for all
 * @param status only messages in this status; {@code null} for all
 */
public record MessageQuery(UnitId unit, MessageStatus status, int limit, int offset) {
    public static final int MAX_LIMIT = 500;

    public MessageQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
    }

    public Optional<UnitId> unitFilter() {
        return Optional.ofNullable(unit);
    }

    public Optional<MessageStatus> statusFilter() {
        return Optional.ofNullable(status);
    }
}
