package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerConfig;
import dev.storerelay.adapter.relay.inbound.ConnectionSlots.Admission;
import dev.storerelay.adapter.relay.inbound.RefusedConnectionsLog.Reason;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.smtp.SmtpResponse;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Builds each connection's pipeline: decoder, idle timer, encoder, session. The idle timer sits behind the decoder,
 * so it sees decoded lines, not bytes: a client that trickles bytes without ever finishing a line (slow-loris) is
 * as idle as a silent one.
 *
 * <p>Also admits connections ({@link ConnectionSlots}): one over a limit gets {@code 421 4.3.2} in place of the
 * greeting and is closed, and the refusals are logged as a flood ({@link RefusedConnectionsLog}). When only the
 * reserved slots are left and the client is not loopback's own address, whether it is in a client network is
 * looked up on the blocking executor (the network snapshot is in memory, but reloading it blocks); nothing is read
 * from the client meanwhile.
 */
final class SmtpChannelInitializer extends ChannelInitializer<SocketChannel> {
    private static final Logger log = LoggerFactory.getLogger(SmtpChannelInitializer.class);

    private final ListenerConfig config;
    private final SessionSetup setup;
    private final ChannelGroup connections;
    private final ConnectionSlots slots;
    private final RefusedConnectionsLog refusals;
    private final ListenerMetrics metrics;
    private final SmtpResponseEncoder encoder = new SmtpResponseEncoder();

    /** @param connections collects every accepted channel, so that the server can close them on stop */
    SmtpChannelInitializer(ListenerConfig config, SessionSetup setup, ChannelGroup connections,
                           RefusedConnectionsLog refusals, ListenerMetrics metrics) {
        this.config = config;
        this.setup = setup;
        this.connections = connections;
        this.slots = new ConnectionSlots(config.maxConnections(), config.maxConnectionsPerClient(),
                config.reservedConnections());
        this.refusals = refusals;
        this.metrics = metrics;
    }

    /** Connections admitted and not yet closed. */
    int openConnections() {
        return slots.open();
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        connections.add(channel);
        InetAddress client = channel.remoteAddress().getAddress();
        Optional<Boolean> reserveAtOnce = setup.submitters().reservedConnectionWithoutLookup(client.getHostAddress());
        Admission admission = slots.take(client, reserveAtOnce.orElse(false));
        if (admission == Admission.RESERVED_ONLY && reserveAtOnce.isEmpty() && slots.startLookup()) {
            channel.pipeline().addLast("reserve", new ReserveCheck(client));
            return;
        }
        if (admission == Admission.ADMITTED) {
            admit(channel, client);
        } else {
            refused(client, admission);
            channel.pipeline().addLast(encoder, new Refuse(replyFor(admission)));
        }
    }

    private void admit(Channel channel, InetAddress client) {
        channel.closeFuture().addListener(closed -> slots.giveBack(client));
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("decoder", new SmtpServerDecoder(config.maxMessageBytes(), config.maxCommandLineOctets(),
                        config.maxTextLineOctets()))
                .addLast("idle", new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("encoder", encoder)
                .addLast("session", new SmtpSessionHandler(setup));
    }

    private void refused(InetAddress client, Admission admission) {
        refused(client, admission == Admission.CLIENT_FULL ? Reason.CLIENT_LIMIT
                : admission == Admission.FULL ? Reason.ALL_TAKEN : Reason.RESERVED_ONLY);
    }

    private void refused(InetAddress client, Reason reason) {
        refusals.refused(client.getHostAddress(), reason);
        metrics.connectionRefused(reason);
    }

    private static SmtpResponse replyFor(Admission admission) {
        return admission == Admission.CLIENT_FULL ? Replies.TOO_MANY_CONNECTIONS_FROM_CLIENT : Replies.TOO_MANY_CONNECTIONS;
    }

    /** Answers {@code 421} in place of the greeting (RFC 5321 §3.1) and closes. */
    private static void refuseNow(Channel channel, SmtpResponse reply) {
        channel.config().setAutoRead(false);
        channel.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }

    private static final class Refuse extends ChannelInboundHandlerAdapter {
        private final SmtpResponse reply;

        Refuse(SmtpResponse reply) {
            this.reply = reply;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            refuseNow(ctx.channel(), reply);
        }
    }

    /**
     * Holds a connection that arrived when only reserved slots were left until it is known whether the client may
     * take one; then builds its session and passes the connection on, or refuses it.
     */
    private final class ReserveCheck extends ChannelInboundHandlerAdapter {
        private final InetAddress client;

        ReserveCheck(InetAddress client) {
            this.client = client;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.channel().config().setAutoRead(false);          // the session reads once it exists
            String address = client.getHostAddress();
            try {
                setup.blockingCalls().execute(() -> {
                    Boolean may;
                    try {
                        may = setup.submitters().mayUseReservedConnection(address);
                    } catch (RuntimeException e) {
                        log.debug("Could not check whether {} may take a reserved connection", address, e);
                        may = null;
                    }
                    Boolean verdict = may;
                    try {
                        ctx.executor().execute(() -> verdict(ctx, verdict));
                    } catch (RejectedExecutionException stopped) {
                        slots.lookupDone();
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                verdict(ctx, null);
            }
        }

        /** @param may {@code null} when the check failed */
        private void verdict(ChannelHandlerContext ctx, Boolean may) {
            slots.lookupDone();
            Channel channel = ctx.channel();
            if (!channel.isActive()) {
                return;
            }
            Admission admission = slots.take(client, Boolean.TRUE.equals(may));
            ctx.pipeline().remove(this);
            if (admission == Admission.ADMITTED) {
                admit(channel, client);
                channel.config().setAutoRead(true);             // before the session, which may pause reading again
                channel.pipeline().fireChannelActive();
                return;
            }
            if (may == null) {
                refused(client, Reason.RESERVE_CHECK_FAILED);
            } else {
                refused(client, admission);
            }
            channel.pipeline().addLast(encoder);
            refuseNow(channel, replyFor(admission));
        }
    }
}
