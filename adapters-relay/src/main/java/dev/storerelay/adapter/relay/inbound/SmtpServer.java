package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerConfig;
import dev.storerelay.adapter.relay.ListenerSecurity;
import dev.storerelay.application.port.in.AuthenticateRelayClientUseCase;
import dev.storerelay.application.port.in.CheckSubmitterUseCase;
import dev.storerelay.application.port.in.RecordRefusedSubmissionsUseCase;
import dev.storerelay.application.port.in.RelayMessageUseCase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The relay listener legacy systems submit mail to (README, *Security*). Constructing it does nothing; {@link #start()}
 * binds, {@link #stop()} closes every connection and ends the threads.
 */
public final class SmtpServer {
    private static final Logger log = LoggerFactory.getLogger(SmtpServer.class);
    private static final long RELAY_THREAD_KEEP_ALIVE_SECONDS = 60;
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;

    private final ListenerConfig config;
    private final ListenerSecurity security;
    private final RelayMessageUseCase relay;
    private final AuthenticateRelayClientUseCase authenticate;
    private final CheckSubmitterUseCase submitters;
    private final SpoolDirectory spool;
    private final MeterRegistry meters;
    private final ListenerMetrics metrics;
    private final RefusalRecorder refusalRecorder;
    private volatile SmtpChannelInitializer initializer;
    private EventLoopGroup io;
    private ExecutorService relayExecutor;
    private ChannelGroup connections;
    private RefusedConnectionsLog refusals;
    // Volatile: read without the lock by isListening(), which must answer while stop() holds it.
    private volatile Channel serverChannel;

    /**
     * @param relay        queues a received message (blocking: runs off the event loops)
     * @param authenticate checks SMTP AUTH credentials (blocking, deliberately slow: runs off the event loops)
     * @param submitters   decides per connection whether the client may submit without authenticating
     * @param spool        where large messages are spooled while they are received
     * @param meters       where the listener's metrics go: registered here, at zero, so that they are exported before
     *                     the listener starts; its event loops' metrics are added when it starts
     * @param refusals     keeps what the listener refuses (blocking: called by a writer thread of the listener's own,
     *                     in batches, never by an event loop)
     * @param clock        the time of a refusal
     */
    public SmtpServer(ListenerConfig config, ListenerSecurity security, RelayMessageUseCase relay,
                      AuthenticateRelayClientUseCase authenticate, CheckSubmitterUseCase submitters, SpoolDirectory spool,
                      MeterRegistry meters, RecordRefusedSubmissionsUseCase refusals, Clock clock) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.metrics = new ListenerMetrics(meters);
        this.refusalRecorder = new RefusalRecorder(Objects.requireNonNull(refusals, "refusals"),
                Objects.requireNonNull(clock, "clock"), metrics, RefusalRecorder.DEFAULT_CAPACITY,
                RefusalRecorder.DEFAULT_MAX_BATCH, RefusalRecorder.DEFAULT_FIRST_PAUSE, RefusalRecorder.DEFAULT_GIVE_UP_AFTER,
                System::nanoTime);
        Gauge.builder(ListenerMetrics.CONNECTIONS, this, SmtpServer::openConnections).strongReference(true)
                .description("Connections the listener has admitted and not closed yet").register(meters);
        this.spool = Objects.requireNonNull(spool, "spool");
        this.config = Objects.requireNonNull(config, "config");
        this.security = Objects.requireNonNull(security, "security");
        this.relay = Objects.requireNonNull(relay, "relay");
        this.authenticate = Objects.requireNonNull(authenticate, "authenticate");
        this.submitters = Objects.requireNonNull(submitters, "submitters");
    }

    /**
     * Loads the TLS certificate, if any, and binds the configured address and port. Throws
     * {@link IllegalStateException} if it cannot.
     */
    public synchronized void start() {
        if (serverChannel != null) {
            throw new IllegalStateException("the SMTP listener is already running");
        }
        StartTls startTls = security.startTls().map(tls -> new StartTls(TlsContexts.serverContext(tls), metrics))
                .orElseGet(StartTls::unavailable);
        Path spoolDirectory = spool.open();
        refusalRecorder.start();
        // Few event loops, accepting too: the dialogue is light and everything that blocks runs elsewhere, so more
        // loops would mostly add wake-ups and hand-overs between threads (measured: fewer context switches and
        // lower latency per message on two cores than Netty's default of two loops per core plus an acceptor).
        io = new MultiThreadIoEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                new DefaultThreadFactory("smtp-io"), NioIoHandler.newFactory());
        new NettyEventExecutorMetrics(io).bindTo(meters);
        // One blocking call at most per connection, so the connections bound the threads; a queue would only add delay.
        relayExecutor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, RELAY_THREAD_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), new DefaultThreadFactory("smtp-relay"));
        connections = new DefaultChannelGroup("smtp-connections", GlobalEventExecutor.INSTANCE);
        EventLoopGroup loops = io;
        refusals = new RefusedConnectionsLog(LoggerFactory.getLogger(RefusedConnectionsLog.class),
                RefusedConnectionsLog.DEFAULT_INTERVAL, (task, delay) -> {
                    try {
                        loops.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException stopping) {
                        log.debug("Listener stopping; the refused connections are summarised by stop()");
                    }
                }, System::nanoTime);
        initializer = new SmtpChannelInitializer(config, sessionSetup(startTls, spoolDirectory), connections, refusals,
                metrics);
        try {
            serverChannel = new ServerBootstrap()
                    .group(io, io)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(initializer)
                    .bind(config.bindAddress(), config.port())
                    .sync()
                    .channel();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            shutDownThreads();
            throw new IllegalStateException("cannot listen for SMTP on " + config.bindAddress() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        log.info("SMTP relay listener on {} (server name {}, max message {} octets, max {} connections, {} per client,"
                        + " {} reserved, STARTTLS {}, AUTH {})", serverChannel.localAddress(), config.serverName(),
                config.maxMessageBytes(), config.maxConnections(), config.maxConnectionsPerClient(),
                config.reservedConnections(),
                security.startTls().isPresent() ? "offered" : "not offered",
                security.requireAuth() ? "required" : security.plainTextAuth() ? "optional, also without TLS"
                        : "optional, over TLS or from loopback");
    }

    private SessionSetup sessionSetup(StartTls startTls, Path spoolDirectory) {
        SubmissionPolicy policy = new SubmissionPolicy(security);
        return new SessionSetup(CommandHandlers.of(config, policy,
                        () -> new SpoolingMessageSink(SpoolingMessageSink.DEFAULT_MEMORY_THRESHOLD, spoolDirectory)),
                new EndOfDataHandler(relay, config.storeHeaderName(), config.maxTextLineOctets(), metrics),
                Replies.greeting(config.serverName()), Replies.lineTooLong(config.maxCommandLineOctets()),
                config.idleTimeout(), policy, startTls, authenticate, submitters, relayExecutor, metrics, refusalRecorder);
    }

    /**
     * Whether the listener is bound and accepting connections: between {@link #start()} and {@link #stop()}. Answers
     * at once, also while {@link #stop()} runs.
     */
    public boolean isListening() {
        Channel channel = serverChannel;
        return channel != null && channel.isActive();
    }

    private int openConnections() {
        SmtpChannelInitializer current = initializer;
        return current == null ? 0 : current.openConnections();
    }

    /** The port actually bound, which differs from the configured one when that was 0. */
    public synchronized int boundPort() {
        if (serverChannel == null) {
            throw new IllegalStateException("the SMTP listener is not running");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * Stops accepting, lets running relay calls finish and answer, closes every connection, writes the refusals still
     * queued, and ends the threads; waits about {@value #SHUTDOWN_TIMEOUT_SECONDS} seconds per step at most.
     */
    public synchronized void stop() {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        serverChannel = null;
        shutDownThreads();
        refusals.flush();
        log.info("SMTP relay listener stopped");
    }

    private void shutDownThreads() {
        // A message committed by a running relay call should still get its 250, so relays end before connections.
        relayExecutor.shutdown();
        try {
            if (!relayExecutor.awaitTermination(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("Relay calls still running after {} s; closing their connections anyway", SHUTDOWN_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        io.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
        io = null;
        relayExecutor = null;
        connections = null;
        refusalRecorder.stop();                         // after the sessions: none can refuse any more
        spool.close();                                  // every session has ended and discarded its message
    }
}
