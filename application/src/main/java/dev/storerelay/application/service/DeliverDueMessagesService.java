package dev.storerelay.application.service;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.in.DeliverDueMessagesUseCase;
import dev.storerelay.application.port.in.ManageRateLimitsUseCase;
import dev.storerelay.application.port.in.ResolveStoreSettingsUseCase;
import dev.storerelay.application.port.in.ResolvedSettings;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryAttempt.RecipientOutcome;
import dev.storerelay.application.port.out.ForwardMessagePort;
import dev.storerelay.application.port.out.ForwardMessagePort.RecipientReply;
import dev.storerelay.application.port.out.MessageQueuePort;
import dev.storerelay.application.port.out.OutgoingMessage;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.RewrittenSender;
import dev.storerelay.domain.model.Sourced;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UpstreamReply;
import dev.storerelay.domain.policy.DeliveryOutcomes;
import dev.storerelay.domain.policy.DeliveryPacer;
import dev.storerelay.domain.policy.RetryPolicy;
import dev.storerelay.domain.policy.SenderRewrite;
import dev.storerelay.domain.policy.TraceHeader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * Delivers due messages with their store's settings as they are at delivery time (DESIGN §4): resolves the store,
 * rewrites the sender, forwards, and records per-recipient outcomes with the retry schedule.
 */
public final class DeliverDueMessagesService implements DeliverDueMessagesUseCase {
    /** A deferred message that comes back this little before its slot is not deferred again. */
    private static final Duration SLOT_TOLERANCE = Duration.ofMillis(20);
    /** How soon a message of a store at its maximum of concurrent deliveries is looked at again. */
    private static final Duration BUSY_RETRY = Duration.ofMillis(250);

    private final MessageQueuePort queue;
    private final ResolveStoreSettingsUseCase resolver;
    private final ForwardMessagePort forwarder;
    private final DeliveryConfig config;
    private final Clock clock;
    private final DoubleSupplier random;
    private final ManageRateLimitsUseCase rateLimits;
    // Send slots of rate-limited stores in this process; a message deferred to its slot keeps it when it returns.
    private final DeliveryPacer pacer = new DeliveryPacer();
    private final Map<MessageId, Instant> reservedSlots = new HashMap<>();
    private final Map<UnitId, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    /** Without rate limits. */
    public DeliverDueMessagesService(MessageQueuePort queue, ResolveStoreSettingsUseCase resolver, ForwardMessagePort forwarder,
                                     DeliveryConfig config, Clock clock, DoubleSupplier random) {
        this(queue, resolver, forwarder, config, clock, random, null);
    }

    /**
     * @param random     numbers in [0, 1) that spread retries (jitter)
     * @param rateLimits the stores' effective rate limits; {@code null} for none
     */
    public DeliverDueMessagesService(MessageQueuePort queue, ResolveStoreSettingsUseCase resolver, ForwardMessagePort forwarder,
                                     DeliveryConfig config, Clock clock, DoubleSupplier random, ManageRateLimitsUseCase rateLimits) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.forwarder = Objects.requireNonNull(forwarder, "forwarder");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.rateLimits = rateLimits;
    }

    @Override
    public int deliverDue(String worker, int maxMessages) {
        Instant now = clock.instant();
        List<ClaimedMessage> claimed = queue.claimDue(now, maxMessages, worker, now.plus(config.lease()));
        // Settings are read at delivery time, once per store and round: a batch usually holds one store's mail.
        Map<UnitId, Optional<ResolvedSettings>> settings = new HashMap<>();
        Map<UnitId, Optional<RateLimit>> limits = new HashMap<>();
        Map<UnitId, Integer> caps = new HashMap<>();
        for (ClaimedMessage message : claimed) {
            Optional<ResolvedSettings> resolved = settings.computeIfAbsent(message.store(), resolver::resolve);
            Optional<RateLimit> limit = limits.computeIfAbsent(message.store(), this::rateLimitOf);
            Instant slot = resolved.flatMap(ResolvedSettings::connectionPlan).isPresent() && limit.isPresent()
                    ? slotFor(message, limit.get())
                    : null;
            if (slot != null && slot.isAfter(clock.instant())) {
                queue.recordAttempt(deferred(message, slot, limit.get()), worker);
            } else if (!startDelivery(message.store(), caps.computeIfAbsent(message.store(), this::connectionCapOf))) {
                // Not an attempt and nothing the admin needs to see: it simply waits its turn.
                queue.postpone(message.id(), clock.instant().plus(BUSY_RETRY), worker);
            } else {
                try {
                    queue.recordAttempt(deliver(message, resolved), worker);
                } finally {
                    inFlight.get(message.store()).decrementAndGet();
                }
            }
        }
        return claimed.size();
    }

    /** The store's own or inherited cap on concurrent deliveries, else the operator's default. */
    private int connectionCapOf(UnitId store) {
        return rateLimits == null ? config.maxDeliveriesPerStore()
                : rateLimits.effectiveConnectionLimit(store).map(c -> c.value().maxConnections()).orElse(config.maxDeliveriesPerStore());
    }

    private Optional<RateLimit> rateLimitOf(UnitId store) {
        return rateLimits == null ? Optional.empty() : rateLimits.effectiveRateLimit(store).map(Sourced::value);
    }

    /** The message's send slot: the one it was given when it was deferred, or a new one. */
    private synchronized Instant slotFor(ClaimedMessage message, RateLimit limit) {
        Instant now = clock.instant();
        Instant reserved = reservedSlots.remove(message.id());
        if (reserved != null && !reserved.isAfter(now.plus(SLOT_TOLERANCE))) {
            return now;
        }
        if (reserved != null) {
            reservedSlots.put(message.id(), reserved);
            return reserved;
        }
        pacer.forgetBefore(now.minus(Duration.ofMinutes(1)));
        Instant slot = pacer.reserve(message.store().value(), limit, now);
        if (slot.isAfter(now)) {
            reservedSlots.put(message.id(), slot);
        }
        return slot;
    }

    /** Counts a delivery of the store in, unless the store has its maximum of deliveries under way. */
    private boolean startDelivery(UnitId store, int cap) {
        AtomicInteger running = inFlight.computeIfAbsent(store, s -> new AtomicInteger());
        if (running.incrementAndGet() > cap) {
            running.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Not sent yet: the store's rate limit gives it a later slot. The thread moves on to other stores' mail. */
    private DeliveryAttempt deferred(ClaimedMessage message, Instant slot, RateLimit limit) {
        String why = "waiting for its turn under the store's limit of " + limit.messagesPerMinute() + " messages per minute";
        return new DeliveryAttempt(message.id(), clock.instant(), everyRecipient(message, RecipientStatus.PENDING, why), slot,
                false, false, "deferred: " + why);
    }

    @Override
    public Optional<Instant> nextDueAt() {
        return queue.nextDueAt();
    }

    private DeliveryAttempt deliver(ClaimedMessage message, Optional<ResolvedSettings> resolved) {
        if (resolved.isEmpty() || resolved.get().connectionPlan().isEmpty()) {
            String why = resolved.isEmpty()
                    ? "store " + message.store() + " no longer exists"
                    : "no SMTP server is configured for store " + message.store() + " or any unit above it";
            return hold(message, why);
        }
        ResolvedSettings settings = resolved.get();
        RewrittenSender sender = SenderRewrite.rewrite(message.envelopeSender(), message.fromDisplayName(),
                settings.settings().outgoingEmailAddress().value());
        Instant started = clock.instant();
        String received = TraceHeader.received(message.clientName(), message.clientAddress(), config.relayHostName(),
                message.id().toString(), message.receivedAt());
        OutgoingMessage outgoing = new OutgoingMessage(message.id().toString(), settings.connectionPlan().orElseThrow(), sender,
                message.pendingRecipients(), message.content(), received, List.of(config.storeHeaderName()));
        List<RecipientReply> replies = forwarder.forward(outgoing).replies();
        return outcome(message, replies, started);
    }

    private DeliveryAttempt outcome(ClaimedMessage message, List<RecipientReply> replies, Instant at) {
        List<RecipientOutcome> outcomes = new ArrayList<>();
        for (RecipientReply reply : replies) {
            outcomes.add(new RecipientOutcome(reply.recipient(), DeliveryOutcomes.classify(reply.reply()), reply.reply()));
        }
        Instant next = null;
        if (outcomes.stream().anyMatch(o -> o.status() == RecipientStatus.PENDING)) {
            RetryPolicy.Decision decision = config.retry().afterTemporaryFailure(message.attemptsMade() + 1,
                    message.receivedAt(), clock.instant(), random.getAsDouble());
            if (decision instanceof RetryPolicy.Decision.RetryAt retryAt) {
                next = retryAt.when();
            } else {
                outcomes = expirePending(outcomes);
            }
        }
        return new DeliveryAttempt(message.id(), at, outcomes, next, false, true, summary(outcomes));
    }

    private DeliveryAttempt hold(ClaimedMessage message, String why) {
        Instant now = clock.instant();
        if (config.retry().isExpired(message.receivedAt(), now)) {
            String expired = "expired while held: " + why;
            return new DeliveryAttempt(message.id(), now, everyRecipient(message, RecipientStatus.EXPIRED, expired), null,
                    false, false, expired);
        }
        // Held mail is not retried in a loop: it waits for a settings change, or for its expiry.
        Instant expiry = message.receivedAt().plus(config.retry().maxQueueLifetime());
        return new DeliveryAttempt(message.id(), now, everyRecipient(message, RecipientStatus.PENDING, "held: " + why), expiry,
                true, false, "held: " + why);
    }

    /** The same outcome for every pending recipient, when no upstream was asked. */
    private static List<RecipientOutcome> everyRecipient(ClaimedMessage message, RecipientStatus status, String reason) {
        return message.pendingRecipients().stream()
                .map(r -> new RecipientOutcome(r, status, UpstreamReply.noReply(reason)))
                .toList();
    }

    private static List<RecipientOutcome> expirePending(List<RecipientOutcome> outcomes) {
        return outcomes.stream()
                .map(o -> o.status() == RecipientStatus.PENDING
                        ? new RecipientOutcome(o.recipient(), RecipientStatus.EXPIRED, o.reply())
                        : o)
                .toList();
    }

    private static String summary(List<RecipientOutcome> outcomes) {
        long delivered = outcomes.stream().filter(o -> o.status() == RecipientStatus.DELIVERED).count();
        Optional<RecipientOutcome> problem = outcomes.stream().filter(o -> o.status() != RecipientStatus.DELIVERED).findFirst();
        return delivered + " of " + outcomes.size() + " recipient(s) delivered"
                + problem.map(p -> "; " + p.recipient() + ": " + p.status().name().toLowerCase(Locale.ROOT) + ", " + p.reply()).orElse("");
    }
}
