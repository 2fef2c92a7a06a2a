package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerConfig;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.smtp.SmtpResponse;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds each connection's pipeline: decoder, idle timer, encoder, session. The idle timer sits behind the decoder,
 * so it sees decoded lines, not bytes: a client that trickles bytes without ever finishing a line (slow-loris) is
 * as idle as a silent one.
 *
 * <p>Also counts connections, in all and per client address: one over either limit gets {@code 421 4.3.2} in place
 * of the greeting and is closed.
 */
final class SmtpChannelInitializer extends ChannelInitializer<SocketChannel> {
    private static final Logger log = LoggerFactory.getLogger(SmtpChannelInitializer.class);

    private final ListenerConfig config;
    private final SessionSetup setup;
    private final ChannelGroup connections;
    private final SmtpResponseEncoder encoder = new SmtpResponseEncoder();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final ConcurrentMap<InetAddress, Integer> perClient = new ConcurrentHashMap<>();

    /** @param connections collects every accepted channel, so that the server can close them on stop */
    SmtpChannelInitializer(ListenerConfig config, SessionSetup setup, ChannelGroup connections) {
        this.config = config;
        this.setup = setup;
        this.connections = connections;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        connections.add(channel);
        int open = openConnections.incrementAndGet();
        InetAddress client = channel.remoteAddress().getAddress();
        int fromClient = perClient.merge(client, 1, Integer::sum);
        channel.closeFuture().addListener(closed -> {
            openConnections.decrementAndGet();
            perClient.computeIfPresent(client, (address, count) -> count == 1 ? null : count - 1);
        });
        if (open > config.maxConnections()) {
            log.warn("Refusing a connection from {}: {} connections are open", client.getHostAddress(), open - 1);
            refuse(channel, Replies.TOO_MANY_CONNECTIONS);
            return;
        }
        if (fromClient > config.maxConnectionsPerClient()) {
            log.warn("Refusing a connection from {}: it has {} open", client.getHostAddress(), fromClient - 1);
            refuse(channel, Replies.TOO_MANY_CONNECTIONS_FROM_CLIENT);
            return;
        }
        channel.pipeline()
                .addLast("decoder", new SmtpServerDecoder(config.maxMessageBytes(), config.maxCommandLineOctets(),
                        config.maxTextLineOctets()))
                .addLast("idle", new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("encoder", encoder)
                .addLast("session", new SmtpSessionHandler(setup));
    }

    private void refuse(SocketChannel channel, SmtpResponse reply) {
        channel.pipeline().addLast(encoder, new Refuse(reply));
    }

    /** Answers {@code 421} in place of the greeting (RFC 5321 §3.1) and closes. */
    private static final class Refuse extends ChannelInboundHandlerAdapter {
        private final SmtpResponse reply;

        Refuse(SmtpResponse reply) {
            this.reply = reply;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
