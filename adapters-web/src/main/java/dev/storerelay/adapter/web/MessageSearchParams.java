package dev.storerelay.adapter.web;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.MessageQuery;
import dev.storerelay.application.port.out.TextMatch;
import dev.storerelay.domain.model.MessageStatus;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The search of the delivery log as the API and the page take it (README, *Admin JSON API*): {@code unit}, {@code status},
 * {@code id}, {@code recipient}, {@code sender}, {@code subject}, {@code messageId}, {@code since}, {@code until}.
 * A bad value adds a message under its parameter's name; nothing is guessed.
 */
final class MessageSearchParams {
    /** The longest text filter: an address has at most 254 characters, the stored subject and Message-ID 255. */
    static final int MAX_TEXT = 255;
    /** The status value for queued mail that was tried and waits for its next attempt. */
    static final String DEFERRED = "deferred";
    static final String TIME_RULE = "Give an ISO-8601 time, e.g. 2026-03-01T09:00:00Z (without an offset it is UTC).";

    private MessageSearchParams() {
    }

    /** The search in {@code param}'s values (a missing or empty one is no filter), with the page's limit and offset. */
    static MessageQuery parse(Function<String, String> param, int limit, int offset, Map<String, String> errors) {
        MessageQuery query = MessageQuery.page(limit, offset).withUnit(QueryParams.unit(param.apply("unit"), errors));
        query = status(query, param.apply("status"), errors);
        String id = param.apply("id");
        if (id != null && !id.isBlank()) {
            int digits = id.strip().length();
            if (digits > 18 || !id.strip().chars().allMatch(c -> c >= '0' && c <= '9') || Long.parseLong(id.strip()) <= 0) {
                errors.put("id", "A queue id is a positive whole number.");
            } else {
                query = query.withId(new MessageId(Long.parseLong(id.strip())));
            }
        }
        query = query.withRecipient(text(param, "recipient", errors))
                .withSender(text(param, "sender", errors))
                .withSubject(text(param, "subject", errors));
        String messageId = param.apply("messageId");
        if (messageId != null && messageId.strip().length() > MAX_TEXT) {
            errors.put("messageId", "A Message-ID has at most " + MAX_TEXT + " characters.");
        } else {
            query = query.withMessageIdHeader(messageId);
        }
        Instant since = instant(param.apply("since"), "since", errors);
        Instant until = instant(param.apply("until"), "until", errors);
        if (since != null && until != null && until.isBefore(since)) {
            errors.put("until", "The end of the time range must not be before its start (since).");
            return query;
        }
        return query.withReceived(since, until);
    }

    private static MessageQuery status(MessageQuery query, String text, Map<String, String> errors) {
        if (text == null || text.isEmpty()) {
            return query;
        }
        if (DEFERRED.equalsIgnoreCase(text)) {
            return query.withStatus(null, true);
        }
        for (MessageStatus status : MessageStatus.values()) {
            if (status.name().equals(text.toUpperCase(Locale.ROOT))) {
                return query.withStatus(status, false);
            }
        }
        errors.put("status", "Choose one of " + Arrays.stream(MessageStatus.values()).map(Enum::name)
                .collect(Collectors.joining(", ")) + " or DEFERRED.");
        return query;
    }

    private static TextMatch text(Function<String, String> param, String name, Map<String, String> errors) {
        String text = param.apply(name);
        if (text != null && text.strip().length() > MAX_TEXT) {
            errors.put(name, "Search for at most " + MAX_TEXT + " characters.");
            return null;
        }
        return TextMatch.parse(text);
    }

    /**
     * An ISO-8601 instant, date-time with offset, local date-time (taken as UTC, as the page shows times) or date
     * (its start, UTC); {@code null} when missing.
     */
    static Instant instant(String text, String name, Map<String, String> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notADate) {
                    errors.put(name, TIME_RULE);
                    return null;
                }
            }
        }
    }
}
