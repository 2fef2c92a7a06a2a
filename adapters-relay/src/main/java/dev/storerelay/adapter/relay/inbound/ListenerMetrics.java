package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.inbound.RefusalRecorder.Drop;
import dev.storerelay.adapter.relay.inbound.RefusedConnectionsLog.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.smtp.SmtpResponse;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What the listener counts for monitoring (README, *Metrics*). Every meter is registered when the listener is built,
 * with each known label value, so that it is exported at zero from the start and an event costs one increment: no label
 * is put together per message. No label carries an address, a name or anything the client sent.
 */
final class ListenerMetrics {
    static final String MESSAGES_RECEIVED = "storerelay.messages.received";
    static final String CONNECTIONS = "storerelay.listener.connections";
    static final String CONNECTIONS_REFUSED = "storerelay.listener.connections.refused";
    static final String REJECTIONS = "storerelay.listener.rejections";
    static final String TLS_HANDSHAKES = "storerelay.listener.tls.handshakes";
    static final String AUTH_FAILURES = "storerelay.listener.auth.failures";
    static final String REFUSALS_DROPPED = "storerelay.refusals.dropped";

    /** What MAIL, RCPT, DATA and the end of DATA may be refused with ({@link Replies}, the routing refusals). */
    static final int[] REJECTION_CODES = {451, 452, 501, 503, 530, 550, 552, 553, 554, 555};
    private static final int MIN_ERROR_CODE = 400;
    private static final int MAX_CODE = 599;

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter rejected;
    private final Map<Reason, Counter> refusedConnections = new EnumMap<>(Reason.class);
    private final AtomicReferenceArray<Counter> rejections = new AtomicReferenceArray<>(MAX_CODE + 1);
    private final Counter tlsSucceeded;
    private final Counter tlsFailed;
    private final Counter authRefused;
    private final Counter authThrottled;
    private final Map<Drop, Counter> refusalsDropped = new EnumMap<>(Drop.class);

    ListenerMetrics(MeterRegistry registry) {
        this.registry = registry;
        accepted = received(registry, "accepted");
        rejected = received(registry, "rejected");
        for (Reason reason : Reason.values()) {
            refusedConnections.put(reason, Counter.builder(CONNECTIONS_REFUSED)
                    .description("Connections the listener refused with 421 because of its connection limits")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        for (int code : REJECTION_CODES) {
            rejection(code);
        }
        tlsSucceeded = tls(registry, "success");
        tlsFailed = tls(registry, "failure");
        authRefused = auth(registry, "invalid_credentials");
        authThrottled = auth(registry, "throttled");
        for (Drop reason : Drop.values()) {
            refusalsDropped.put(reason, Counter.builder(REFUSALS_DROPPED)
                    .description("Refusals of the listener not recorded for the Refused page: the queue to the database"
                            + " was full, the database did not take them, or the connection had had its share")
                    .tag("reason", reason.label()).register(registry));
        }
    }

    /** For listeners whose counts nobody reads (tests of other concerns). */
    static ListenerMetrics none() {
        return new ListenerMetrics(new SimpleMeterRegistry());
    }

    /** The reply to the end of DATA: the message was accepted ({@code 250}) or rejected (with its code). */
    void endOfData(SmtpResponse reply) {
        if (reply.code() < MIN_ERROR_CODE) {
            accepted.increment();
        } else {
            rejected.increment();
            rejected(reply);
        }
    }

    /** The reply to MAIL, RCPT or DATA: counted when it refuses. */
    void transactionReply(SmtpResponse reply) {
        if (reply.code() >= MIN_ERROR_CODE) {
            rejected(reply);
        }
    }

    void connectionRefused(Reason reason) {
        refusedConnections.get(reason).increment();
    }

    void tlsHandshake(boolean succeeded) {
        (succeeded ? tlsSucceeded : tlsFailed).increment();
    }

    /** A failed AUTH attempt: wrong credentials, or not checked because the address is throttled. */
    void authFailed(boolean throttled) {
        (throttled ? authThrottled : authRefused).increment();
    }

    /** Refusals that are not on the Refused page. */
    void refusalsDropped(Drop reason, int count) {
        refusalsDropped.get(reason).increment(count);
    }

    private void rejected(SmtpResponse reply) {
        int code = reply.code();
        if (code > MAX_CODE) {
            return;
        }
        Counter counter = rejections.get(code);
        (counter != null ? counter : rejection(code)).increment();
    }

    /** The counter of a reply code; registering it again returns the same one, so a race costs nothing. */
    private Counter rejection(int code) {
        Counter counter = Counter.builder(REJECTIONS)
                .description("Senders, recipients and messages the listener refused (MAIL, RCPT, DATA and the end of"
                        + " DATA answered 4xx or 5xx), by reply code")
                .tag("code", Integer.toString(code)).register(registry);
        rejections.set(code, counter);
        return counter;
    }

    private static Counter received(MeterRegistry registry, String result) {
        return Counter.builder(MESSAGES_RECEIVED)
                .description("Messages at the end of DATA: accepted (committed to the queue, 250) or rejected")
                .tag("result", result).register(registry);
    }

    private static Counter tls(MeterRegistry registry, String result) {
        return Counter.builder(TLS_HANDSHAKES)
                .description("TLS handshakes after STARTTLS on the listener, by result")
                .tag("result", result).register(registry);
    }

    private static Counter auth(MeterRegistry registry, String reason) {
        return Counter.builder(AUTH_FAILURES)
                .description("Failed SMTP AUTH attempts on the listener")
                .tag("reason", reason).register(registry);
    }
}
