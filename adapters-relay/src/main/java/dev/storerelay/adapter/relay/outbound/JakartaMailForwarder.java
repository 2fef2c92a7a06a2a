package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.out.AccessTokenPort;
import dev.storerelay.application.port.out.AccessTokenPort.AccessTokenUnavailableException;
import dev.storerelay.application.port.out.ConnectionPermitsPort;
import dev.storerelay.application.port.out.ConnectionPermitsPort.Permit;
import dev.storerelay.application.port.out.ConnectionQuota;
import dev.storerelay.application.port.out.ForwardMessagePort;
import dev.storerelay.application.port.out.OutgoingMessage;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.UpstreamReply;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import static dev.storerelay.adapter.relay.outbound.UpstreamReplies.describe;
import static dev.storerelay.adapter.relay.outbound.UpstreamReplies.inOrder;
import static dev.storerelay.adapter.relay.outbound.UpstreamReplies.perRecipient;
import static dev.storerelay.adapter.relay.outbound.UpstreamReplies.reply;
import static dev.storerelay.adapter.relay.outbound.UpstreamReplies.uniform;
import static dev.storerelay.adapter.relay.outbound.UpstreamReplies.withoutSmtpUtf8;

/**
 * Sends messages upstream with Angus Mail, one {@link Session} per connection plan (never the default session),
 * connecting and logging in through the {@link UpstreamClient} the connection test uses too.
 *
 * <p>A store with its own cap on connections opens one only with a permit ({@link ConnectionPermitsPort}); while
 * every permit is held, here or in another relay process, its message is not sent and comes back a little later.
 */
public final class JakartaMailForwarder implements ForwardMessagePort {
    private static final Logger LOG = LoggerFactory.getLogger(JakartaMailForwarder.class);
    private static final int SERVICE_CLOSING = 421;
    private static final String SMTPUTF8 = "SMTPUTF8";

    private static final Duration EVICTION_INTERVAL = Duration.ofSeconds(1);
    /** Well within the permits' hold, so that a renewal or two may fail without the permits lapsing. */
    private static final Duration PERMIT_RENEWAL_INTERVAL = Duration.ofSeconds(15);

    private final UpstreamClient client;
    private final Map<ConnectionPlan, Session> sessions = new ConcurrentHashMap<>();
    private final Map<ConnectionPlan, Session> smtpUtf8Sessions = new ConcurrentHashMap<>();
    private final UpstreamConnectionPool pool;
    private final AtomicLong connectionsOpened = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();
    private final ScheduledThreadPoolExecutor timers;
    private final ConnectionPermitsPort permits;
    private final UpstreamMetrics metrics;
    private boolean evicting;

    /**
     * @param permits  the permits of stores with their own cap on connections, shared by the relay processes
     * @param tokens   access tokens for OAuth 2.0 logins
     * @param meters   where the connection metrics go, registered here at zero
     * @param nanoTime the pool's clock, by which idle connections age
     */
    public JakartaMailForwarder(UpstreamConfig config, ConnectionPermitsPort permits, AccessTokenPort tokens,
                                MeterRegistry meters, LongSupplier nanoTime) {
        this.metrics = new UpstreamMetrics(meters, connectionsOpened);
        this.client = new UpstreamClient(config, tokens);
        this.permits = permits;
        this.pool = new UpstreamConnectionPool(config.maxIdleConnectionsPerServer(), config.idleConnectionTimeout(),
                config.maxConnectionAge(), config.maxMessagesPerConnection(), nanoTime, permits);
        // Its thread starts with the first task: building the forwarder starts nothing.
        this.timers = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "upstream-timers");
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
    }

    /**
     * Sends the message to its recipients. One with an internationalized address goes over a connection that
     * speaks UTF-8 ({@code mail.mime.allowutf8}: Angus then sends addresses as UTF-8 and adds {@code SMTPUTF8} to
     * MAIL FROM when the server offers it); an ASCII-only message does not declare SMTPUTF8 (RFC 6531 §3.4: it
     * should not). A server that does not offer SMTPUTF8 never sees such an address: that recipient fails for good,
     * the others are sent (RFC 6531 §3.2), since an address must not be altered to fit.
     */
    @Override
    public ForwardResult forward(OutgoingMessage message) {
        ConnectionPlan plan = message.plan();
        ConnectionQuota quota = message.quota();
        List<EmailAddress> recipients = message.recipients();
        boolean smtpUtf8 = needsSmtpUtf8(message);
        UpstreamConnectionPool.Key key = new UpstreamConnectionPool.Key(plan, quota == null ? null : quota.store(), smtpUtf8);
        Session session = (smtpUtf8 ? smtpUtf8Sessions : sessions).computeIfAbsent(plan,
                p -> client.session(p, smtpUtf8, timers));
        UpstreamConnectionPool.Connection connection = null;
        boolean reusable = false;
        try {
            connection = pool.borrow(key);
            if (connection == null) {
                Permit permit = null;
                if (quota != null) {
                    Optional<Permit> granted = permits.tryAcquire(quota.store(), quota.maxConnections());
                    // Idle connections made with the store's former settings would hold its permits until they age out.
                    if (granted.isEmpty() && pool.closeIdleOfStoreExcept(quota.store(), plan) > 0) {
                        granted = permits.tryAcquire(quota.store(), quota.maxConnections());
                    }
                    if (granted.isEmpty()) {
                        return ForwardResult.notSent("store " + quota.store() + " has its " + quota.maxConnections()
                                + " upstream connection(s) open, in this or another relay process");
                    }
                    permit = granted.get();
                }
                connection = open(session, plan, permit);
            }
            SMTPTransport transport = connection.transport;
            List<RecipientReply> notSent = smtpUtf8 && !transport.supportsExtension(SMTPUTF8)
                    ? withoutSmtpUtf8(message, plan) : List.of();
            Set<EmailAddress> refused = notSent.stream().map(RecipientReply::recipient).collect(Collectors.toSet());
            List<EmailAddress> sendable = recipients.stream().filter(r -> !refused.contains(r)).toList();
            if (sendable.isEmpty()) {
                reusable = true;                                  // nothing was said to the server
                return new ForwardResult(notSent);
            }
            RewrittenMessage mime = new RewrittenMessage(session, message.content(), message.sender(),
                    message.receivedHeader(), message.removeHeaders(), message.dataEnd());
            LOG.debug("Sending message {} to {} for {} recipient(s)", message.queueId(), plan, sendable.size());
            try {
                transport.sendMessage(mime, toInternetAddresses(sendable));
                reusable = true;
                messagesSent.incrementAndGet();
                return inOrder(recipients, notSent,
                        uniform(sendable, reply(transport.getLastReturnCode(), transport.getLastServerResponse())));
            } catch (SendFailedException e) {
                // Refused recipients or a refused message leave the session usable (Angus resets it), unless the
                // server said it is closing (421).
                reusable = !(e instanceof SMTPSendFailedException failed && failed.getReturnCode() == SERVICE_CLOSING);
                return inOrder(recipients, notSent, perRecipient(sendable, e, transport));
            }
        } catch (AuthenticationFailedException e) {
            // Like Postfix's smtp_sasl_auth_soft_bounce: a refused login is a configuration problem the admin can
            // fix, so the mail waits instead of bouncing. For OAuth 2.0 this is a replaced token refused too.
            String reply = e.getMessage() != null && e.getMessage().startsWith("334") ? UpstreamClient.reply(e) : describe(e);
            return uniform(recipients, UpstreamReply.noReply("upstream " + plan.host() + " refused the login: " + reply));
        } catch (AccessTokenUnavailableException e) {
            // Temporary (README, *What the relay does on token errors*): the mail waits while the token endpoint is
            // down or an admin fixes the client.
            LOG.info("delivery of message {} to {} waits for an access token: {}", message.queueId(), plan, e.getMessage());
            return uniform(recipients, UpstreamReply.noReply(e.getMessage()));
        } catch (MessagingException | RuntimeException e) {
            if (e.getCause() instanceof RewrittenMessage.DataEndRefused) {
                LOG.debug("message {} to {} abandoned before the end of its data", message.queueId(), plan);
                return uniform(recipients, UpstreamReply.noReply(e.getCause().getMessage()));
            }
            LOG.info("delivery of message {} to {} failed: {}", message.queueId(), plan, describe(e));
            return uniform(recipients, UpstreamReply.noReply(describe(e)));
        } finally {
            if (connection != null) {
                pool.release(key, connection, reusable);
                startEvictor();
            }
        }
    }

    /** Connects and logs in, and gives the permit back if that fails. */
    private UpstreamConnectionPool.Connection open(Session session, ConnectionPlan plan, Permit permit)
            throws MessagingException {
        SMTPTransport transport;
        try {
            transport = client.connect(session, plan, UpstreamClient.LoginSteps.NONE);
        } catch (MessagingException | RuntimeException e) {
            metrics.notOpened(e);
            if (permit != null) {
                pool.giveBack(permit);
            }
            throw e;
        }
        connectionsOpened.incrementAndGet();
        metrics.opened(transport);
        return pool.opened(transport, permit);
    }

    /** Connections opened and messages sent so far; their ratio is the connection reuse. */
    public Statistics statistics() {
        return new Statistics(connectionsOpened.get(), messagesSent.get(), pool.idleConnections());
    }

    public record Statistics(long connectionsOpened, long messagesSent, int idleConnections) {
    }

    /** Closes the idle upstream connections (QUIT) and stops their eviction. */
    public synchronized void close() {
        Statistics statistics = statistics();
        LOG.info("upstream: {} message(s) sent over {} connection(s)", statistics.messagesSent(), statistics.connectionsOpened());
        timers.shutdownNow();
        pool.close();
    }

    // Started with the first pooled connection: a forwarder that never pools never evicts.
    private synchronized void startEvictor() {
        if (!evicting && !timers.isShutdown()) {
            evicting = true;
            timers.scheduleWithFixedDelay(pool::evictIdle, EVICTION_INTERVAL.toMillis(), EVICTION_INTERVAL.toMillis(),
                    TimeUnit.MILLISECONDS);
            timers.scheduleWithFixedDelay(this::renewPermits, PERMIT_RENEWAL_INTERVAL.toMillis(),
                    PERMIT_RENEWAL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void renewPermits() {
        if (!pool.holdsPermits()) {
            return;
        }
        try {
            permits.renewHeld();
        } catch (RuntimeException e) {
            // The next renewal may succeed; the permits hold for several intervals.
            LOG.warn("could not renew this process's upstream connection permits: {}", e.getMessage());
        }
    }

    /** Whether an address of the envelope is internationalized (the rewritten sender never is, but a bounce's might). */
    private static boolean needsSmtpUtf8(OutgoingMessage message) {
        return message.recipients().stream().anyMatch(EmailAddress::needsSmtpUtf8)
                || message.sender().envelope().map(EmailAddress::needsSmtpUtf8).orElse(false);
    }

    private static InternetAddress[] toInternetAddresses(List<EmailAddress> recipients) {
        InternetAddress[] addresses = new InternetAddress[recipients.size()];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = new InternetAddress();
            addresses[i].setAddress(recipients.get(i).value());
        }
        return addresses;
    }
}
