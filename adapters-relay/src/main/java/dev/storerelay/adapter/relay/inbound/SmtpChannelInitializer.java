package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerConfig;
import dev.storerelay.application.port.in.RelayMessageUseCase;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.smtp.SmtpCommand;
import io.netty.handler.codec.smtp.SmtpResponse;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds each connection's pipeline: idle timer, decoder, encoder, session.
 * Also counts connections: one over the limit gets {@code 421 4.3.2} and is closed.
 */
final class SmtpChannelInitializer extends ChannelInitializer<SocketChannel> {
    private static final Logger log = LoggerFactory.getLogger(SmtpChannelInitializer.class);

    private final ListenerConfig config;
    private final Executor relayExecutor;
    private final ChannelGroup connections;
    private final Map<SmtpCommand, CommandHandler> handlers;
    private final EndOfDataHandler endOfData;
    private final SmtpResponse greeting;
    private final SmtpResponseEncoder encoder = new SmtpResponseEncoder();
    private final AtomicInteger openConnections = new AtomicInteger();

    /**
     * @param relayExecutor runs the blocking relay calls, off the event loops
     * @param connections   collects every accepted channel, so that the server can close them on stop
     */
    SmtpChannelInitializer(ListenerConfig config, RelayMessageUseCase relay, Executor relayExecutor,
                           ChannelGroup connections) {
        this.config = config;
        this.relayExecutor = relayExecutor;
        this.connections = connections;
        this.handlers = CommandHandlers.of(config, InMemoryMessageSink::new);
        this.endOfData = new EndOfDataHandler(relay, config.storeHeaderName());
        this.greeting = Replies.greeting(config.serverName());
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        connections.add(channel);
        int open = openConnections.incrementAndGet();
        channel.closeFuture().addListener(closed -> openConnections.decrementAndGet());
        if (open > config.maxConnections()) {
            log.warn("Refusing a connection from {}: {} connections are open", channel.remoteAddress(), open - 1);
            channel.pipeline().addLast(encoder, new Refuse());
            return;
        }
        channel.pipeline()
                .addLast("idle", new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("decoder", new SmtpServerDecoder(config.maxMessageBytes()))
                .addLast("encoder", encoder)
                .addLast("session", new SmtpSessionHandler(handlers, endOfData, greeting, config.idleTimeout(),
                        relayExecutor));
    }

    /** Answers {@code 421} in place of the greeting (RFC 5321 §3.1) and closes. */
    private static final class Refuse extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(Replies.TOO_MANY_CONNECTIONS).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
