package dev.storerelay.adapter.relay.inbound;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.smtp.SmtpCommand;
import io.netty.handler.codec.smtp.SmtpRequest;
import io.netty.handler.codec.smtp.SmtpResponse;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One connection's dialogue: feeds decoded input to the command handlers and writes their replies in order.
 *
 * <p>Runs on the connection's event loop, so its state needs no locking. Only the end of DATA blocks (the use case
 * commits to the database); that call goes to the relay executor, and its reply comes back to the event loop. The
 * decoder pauses at the end of every message, so no later command can overtake the reply. (Netty 4.2 deprecates
 * running a handler on its own {@code EventExecutorGroup}, netty/netty#14538: its life cycle races on close.)
 */
final class SmtpSessionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SmtpSessionHandler.class);

    private final Map<SmtpCommand, CommandHandler> handlers;
    private final EndOfDataHandler endOfData;
    private final SmtpResponse greeting;
    private final long idleTimeoutNanos;
    private final Executor relayExecutor;
    private SmtpServerDecoder decoder;
    private String clientAddress = "unknown";
    private SessionState state = new SessionState.Connected();
    private long lastRelayFinished;
    private boolean relaying;
    private boolean closing;

    SmtpSessionHandler(Map<SmtpCommand, CommandHandler> handlers, EndOfDataHandler endOfData, SmtpResponse greeting,
                       Duration idleTimeout, Executor relayExecutor) {
        this.handlers = handlers;
        this.endOfData = endOfData;
        this.greeting = greeting;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.relayExecutor = relayExecutor;
        this.lastRelayFinished = System.nanoTime() - idleTimeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        decoder = ctx.pipeline().get(SmtpServerDecoder.class);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        clientAddress = addressText(ctx.channel().remoteAddress());
        log.debug("Connection from {}", clientAddress);
        ctx.writeAndFlush(greeting);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof SmtpRequest) {
            onCommand(ctx, (SmtpRequest) msg);
        } else if (msg instanceof DataChunk) {
            if (state instanceof SessionState.ReceivingData) {
                ((SessionState.ReceivingData) state).sink().append(((DataChunk) msg).bytes());
            }
        } else if (msg instanceof DataEnd) {
            onDataEnd(ctx, (DataEnd) msg);
        } else if (msg instanceof InputError) {
            onInputError(ctx, (InputError) msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onCommand(ChannelHandlerContext ctx, SmtpRequest request) {
        CommandHandler handler = handlers.get(request.command());
        Transition transition = handler != null
                ? handler.handle(request, state)
                : Transition.to(state, SmtpCommand.EMPTY.equals(request.command())
                        ? Replies.EMPTY_COMMAND : Replies.UNKNOWN_COMMAND);
        apply(ctx, transition);
        if (SmtpCommand.DATA.equals(request.command())) {
            // The decoder waits for this verdict before it reads what the client sent after DATA.
            if (state instanceof SessionState.ReceivingData) {
                decoder.startData();
            } else {
                decoder.resumeCommands();
            }
        }
    }

    private void onDataEnd(ChannelHandlerContext ctx, DataEnd end) {
        if (!(state instanceof SessionState.ReceivingData)) {
            decoder.resumeCommands();
            return;
        }
        SessionState.ReceivingData received = (SessionState.ReceivingData) state;
        state = received.transaction().greeting();      // the transaction ends whatever the outcome
        relaying = true;
        try {
            relayExecutor.execute(() -> {
                Transition transition = Transition.to(received.transaction().greeting(), Replies.LOCAL_ERROR);
                try {
                    transition = endOfData.handle(received, end, clientAddress);
                } finally {
                    Transition reply = transition;
                    ctx.executor().execute(() -> afterRelay(ctx, reply));
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            received.sink().discard();
            afterRelay(ctx, Transition.to(state, Replies.LOCAL_ERROR));
        }
    }

    private void afterRelay(ChannelHandlerContext ctx, Transition transition) {
        relaying = false;
        lastRelayFinished = System.nanoTime();
        if (!closing) {
            apply(ctx, transition);
            decoder.resumeCommands();
        }
    }

    private void onInputError(ChannelHandlerContext ctx, InputError error) {
        if (error == InputError.COMMAND_LINE_TOO_LONG) {
            apply(ctx, Transition.to(state, Replies.LINE_TOO_LONG));
        } else {
            log.info("Bare CR or LF from {}; closing the connection", clientAddress);
            apply(ctx, Transition.closing(state.reset(), Replies.BARE_LINE_END));
        }
    }

    private void apply(ChannelHandlerContext ctx, Transition transition) {
        state = transition.next();
        ChannelFuture written = ctx.writeAndFlush(transition.reply());
        if (transition.close()) {
            closing = true;
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (!(event instanceof IdleStateEvent)) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        // While the relay call runs, and just after, the client is rightly silent: it waits for our reply.
        if (!closing && !relaying && System.nanoTime() - lastRelayFinished >= idleTimeoutNanos) {
            log.info("Idle timeout for {}; closing the connection", clientAddress);
            apply(ctx, Transition.closing(state.reset(), Replies.IDLE_TIMEOUT));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = state.reset();                          // drops a half-received message
        log.debug("Connection from {} closed", clientAddress);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("Connection from {} failed: {}", clientAddress, cause.toString());
            ctx.close();
            return;
        }
        log.error("Unexpected error in the session with {}; closing it", clientAddress, cause);
        if (closing) {
            ctx.close();
        } else {
            apply(ctx, Transition.closing(state.reset(), Replies.LOCAL_ERROR));
        }
    }

    private static String addressText(SocketAddress address) {
        if (address instanceof InetSocketAddress && ((InetSocketAddress) address).getAddress() != null) {
            return ((InetSocketAddress) address).getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
