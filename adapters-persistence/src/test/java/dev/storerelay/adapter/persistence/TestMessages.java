package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryAttempt.RecipientOutcome;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UpstreamReply;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Messages to queue and delivery outcomes to record, as the persistence tests need them. */
final class TestMessages {
    static final UpstreamReply OK = new UpstreamReply(250, "2.0.0 OK");

    private TestMessages() {
    }

    /** A message from a legacy shop, routed to {@code store} by its store header. */
    static NewMessage message(UnitId store, Instant receivedAt, String body, EmailAddress... recipients) {
        return message(store, receivedAt, MessageContent.ofBytes(content(body)), recipients);
    }

    static NewMessage message(UnitId store, Instant receivedAt, MessageContent content, EmailAddress... recipients) {
        return new NewMessage(store, RoutingReason.STORE_HEADER, "X-Store-Id: " + store, new EmailAddress("app@legacy.example"),
                Arrays.asList(recipients), "Legacy Shop", content, "legacy-host", "127.0.0.1", receivedAt);
    }

    /** The content of {@link #message} with that body. */
    static byte[] content(String body) {
        return ("From: Legacy Shop <app@legacy.example>\r\nSubject: test\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The upstream took the message for its one recipient. */
    static DeliveryAttempt delivered(MessageId id, Instant at, EmailAddress recipient) {
        return new DeliveryAttempt(id, at, List.of(new RecipientOutcome(recipient, RecipientStatus.DELIVERED, OK)), null, false, true,
                "delivered");
    }
}
