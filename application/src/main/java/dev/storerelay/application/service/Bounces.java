package dev.storerelay.application.service;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryEventsPort;
import dev.storerelay.application.port.out.EnqueueMessagePort;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.policy.DeliveryStatusNotification;
import dev.storerelay.domain.policy.DeliveryStatusNotification.FailedRecipient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Queues a delivery status notification to the original envelope sender for the recipients an attempt left failed
 * or expired, when the operator turned bounces on. It goes out through the same store, from the null reverse-path
 * (so a bounce never bounces), and is queued like any other message: durable, retried, visible in the log.
 */
final class Bounces {
    private static final System.Logger LOG = System.getLogger(Bounces.class.getName());
    /** The original header section attached to the report is cut here; a report is no place for huge headers. */
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final String LOCAL_CLIENT = "127.0.0.1";

    private final EnqueueMessagePort queue;
    private final DeliveryConfig config;
    private final Clock clock;
    private final DeliveryEventsPort events;

    Bounces(EnqueueMessagePort queue, DeliveryConfig config, Clock clock, DeliveryEventsPort events) {
        this.queue = queue;
        this.config = config;
        this.clock = clock;
        this.events = events;
    }

    /** Reports the attempt's failed and expired recipients, if bounces are on and the message has a sender. */
    void report(ClaimedMessage message, DeliveryAttempt attempt) {
        if (!config.bounces() || message.envelopeSender() == null) {
            return;
        }
        List<FailedRecipient> failed = attempt.outcomes().stream()
                .filter(o -> o.status() == RecipientStatus.FAILED || o.status() == RecipientStatus.EXPIRED)
                .map(o -> new FailedRecipient(o.recipient(), o.status(), o.reply()))
                .toList();
        if (failed.isEmpty()) {
            return;
        }
        try {
            Instant now = clock.instant();
            String dsn = DeliveryStatusNotification.build(config.relayHostName(), message.id().toString(),
                    message.envelopeSender(), message.receivedAt(), now, failed, headerSection(message.content()));
            queue.enqueue(new NewMessage(message.store(), RoutingReason.BOUNCE,
                    "delivery status notification about message " + message.id(), null, List.of(message.envelopeSender()),
                    "Mail Delivery System", MessageContent.ofBytes(dsn.getBytes(StandardCharsets.US_ASCII)),
                    config.relayHostName(), LOCAL_CLIENT, now));
            events.bounceQueued();
        } catch (IOException | RuntimeException e) {
            // The failure itself is recorded and visible in the delivery log; only the courtesy report is lost.
            LOG.log(System.Logger.Level.WARNING, "could not queue a bounce for message " + message.id() + ": " + e);
        }
    }

    /** The message's header section (up to the first empty line), as ASCII with anything else replaced. */
    private static String headerSection(MessageContent content) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        try (InputStream in = content.open()) {
            int previous = -1;
            int current;
            int lineLength = 0;
            while ((current = in.read()) != -1 && headers.size() < MAX_HEADER_BYTES) {
                if (current == '\n' && (lineLength == 0 || lineLength == 1 && previous == '\r')) {
                    break;                                          // the empty line that ends the header section
                }
                headers.write(current >= 0x20 && current < 0x7f || current == '\r' || current == '\n' || current == '\t' ? current : '?');
                lineLength = current == '\n' ? 0 : lineLength + 1;
                previous = current;
            }
        }
        String text = headers.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
