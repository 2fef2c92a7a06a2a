package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.MessageLogContext;
import dev.storerelay.application.port.in.AuthenticationResult;
import dev.storerelay.application.port.out.MessageContextPort;
import dev.storerelay.domain.model.UnitId;
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
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One connection's dialogue: feeds decoded input to the command handlers and writes their replies in order.
 *
 * <p>Runs on the connection's event loop, so its state needs no locking. Blocking calls (the submitter check before
 * the greeting, the password check of AUTH, the commit at the end of DATA) go to the blocking executor, and their
 * outcome comes back to the event loop; meanwhile the decoder is paused, so no later command can overtake the reply.
 * (Netty 4.2 deprecates running a handler on its own {@code EventExecutorGroup}, netty/netty#14538: its life cycle
 * races on close.)
 */
final class SmtpSessionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SmtpSessionHandler.class);

    private final SessionSetup setup;
    private final AuthExchange auth;
    private final SessionRefusals refusals;
    private final long idleTimeoutNanos;
    private SmtpServerDecoder decoder;
    private String clientAddress = "unknown";
    private SessionState state;
    private long lastCallFinished;
    private boolean busy;
    private boolean closing;

    SmtpSessionHandler(SessionSetup setup) {
        this.setup = setup;
        this.auth = new AuthExchange(setup.policy(), setup.metrics());
        this.refusals = new SessionRefusals(setup.refusals());
        this.idleTimeoutNanos = setup.idleTimeout().toNanos();
        this.lastCallFinished = System.nanoTime() - idleTimeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        decoder = ctx.pipeline().get(SmtpServerDecoder.class);
    }

    /** Greets only after the submitter check, so every reply knows whether this client may submit. */
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        SocketAddress remote = ctx.channel().remoteAddress();
        clientAddress = addressText(remote);
        boolean loopback = remote instanceof InetSocketAddress && ((InetSocketAddress) remote).getAddress() != null
                && ((InetSocketAddress) remote).getAddress().isLoopbackAddress();
        log.debug("Connection from {}", clientAddress);
        state = new SessionState.Connected(new ClientConnection(clientAddress, loopback, false, false));
        String address = clientAddress;
        Function<Boolean, Transition> greet = trusted -> Transition.to(new SessionState.Connected(
                new ClientConnection(address, loopback, trusted, false)), setup.greeting());
        Optional<Boolean> atOnce = setup.submitters().answerWithoutLookup(address);
        if (atOnce.isPresent()) {
            apply(ctx, greet.apply(atOnce.get()));
        } else {
            decoder.pauseUntilVerdict();
            offLoop(ctx, "Submitter check", () -> setup.submitters().mayRelayWithoutAuthentication(address), greet,
                    () -> Transition.to(state, setup.greeting()));
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof SmtpRequest) {
            onCommand(ctx, (SmtpRequest) msg);
        } else if (msg instanceof AuthLine) {
            onAuthStep(ctx, auth.answer(((AuthLine) msg).text(), state));
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
        SmtpCommand command = request.command();
        if (SmtpServerDecoder.AUTH.equals(command)) {
            onAuthStep(ctx, auth.start(request, state));
            return;
        }
        if (SmtpServerDecoder.STARTTLS.equals(command)) {
            onStartTls(ctx, request);
            return;
        }
        CommandHandler handler = setup.handlers().get(command);
        SessionState before = state;
        Transition transition = handler != null
                ? handler.handle(request, state)
                : Transition.to(state, SmtpCommand.EMPTY.equals(command) ? Replies.EMPTY_COMMAND : Replies.UNKNOWN_COMMAND);
        apply(ctx, transition);
        if (SmtpCommand.MAIL.equals(command) || SmtpCommand.RCPT.equals(command) || SmtpCommand.DATA.equals(command)) {
            setup.metrics().transactionReply(transition.reply());
            refusals.command(before, request, transition.reply());
        }
        if (SmtpCommand.DATA.equals(command)) {
            // The decoder waits for this verdict before it reads what the client sent after DATA.
            if (state instanceof SessionState.ReceivingData) {
                decoder.startData();
            } else {
                decoder.resumeCommands();
            }
        }
    }

    private void onAuthStep(ChannelHandlerContext ctx, AuthExchange.Step step) {
        if (step instanceof AuthExchange.Challenge) {
            AuthExchange.Challenge challenge = (AuthExchange.Challenge) step;
            apply(ctx, Transition.to(challenge.state(), Replies.challenge(challenge.base64())));
            decoder.readAuthAnswer();
        } else if (step instanceof AuthExchange.Verify) {
            AuthExchange.Verify verify = (AuthExchange.Verify) step;
            offLoop(ctx, "Authentication", () -> setup.authenticate().authenticateRelayClient(verify.username(),
                            verify.password(), clientAddress),
                    result -> afterAuthentication(verify.greeted(), result),
                    () -> Transition.to(verify.greeted(), Replies.AUTH_TEMPORARY_FAILURE));
        } else {
            resumeAfter(ctx, ((AuthExchange.Done) step).transition());
        }
    }

    private Transition afterAuthentication(SessionState.Greeted greeted, AuthenticationResult<UnitId> result) {
        Optional<UnitId> unit = result.authenticated();
        if (unit.isPresent()) {
            log.info("Client {} authenticated for unit {}", clientAddress, unit.get());
        } else if (result instanceof AuthenticationResult.Throttled) {
            log.info("Authentication from {} not checked: too many recent failures", clientAddress);
        } else {
            log.info("Failed authentication from {}", clientAddress);       // never the user name or password
        }
        return auth.verified(greeted, result);
    }

    /** RFC 3207 §4.2: after the handshake the client starts again with EHLO; nothing it said before counts. */
    private void onStartTls(ChannelHandlerContext ctx, SmtpRequest request) {
        Optional<SmtpResponse> refusal = setup.startTls().refusal(request, state);
        if (refusal.isPresent()) {
            resumeAfter(ctx, Transition.to(state, refusal.get()));
            return;
        }
        if (decoder.bufferedBytes() > 0) {
            log.info("Commands pipelined after STARTTLS from {}; closing the connection", clientAddress);
            apply(ctx, Transition.closing(state.reset(), Replies.STARTTLS_PIPELINING));
            return;
        }
        setup.startTls().install(ctx);
        auth.cancel();
        resumeAfter(ctx, Transition.to(new SessionState.Connected(state.client().withTls()), Replies.READY_FOR_TLS));
    }

    private void onDataEnd(ChannelHandlerContext ctx, DataEnd end) {
        if (!(state instanceof SessionState.ReceivingData)) {
            decoder.resumeCommands();
            return;
        }
        SessionState.ReceivingData received = (SessionState.ReceivingData) state;
        SessionState next = received.transaction().greeting();
        state = next;                                   // the transaction ends whatever the outcome
        Function<Transition, Transition> noted = transition -> {
            refusals.endOfData(received.transaction(), transition.reply());
            return transition;
        };
        offLoop(ctx, "Relaying a message", () -> setup.endOfData().handle(received, end, clientAddress), noted, () -> {
            received.sink().discard();
            return noted.apply(Transition.to(next, Replies.LOCAL_ERROR));
        });
    }

    private void onInputError(ChannelHandlerContext ctx, InputError error) {
        if (error == InputError.BARE_LINE_END) {
            log.info("Bare CR or LF from {}; closing the connection", clientAddress);
            apply(ctx, Transition.closing(state.reset(), Replies.BARE_LINE_END));
            return;
        }
        auth.cancel();                                  // a refused line in place of an AUTH answer ends the exchange
        apply(ctx, Transition.to(state, error == InputError.NUL_IN_COMMAND ? Replies.NUL_IN_COMMAND : setup.lineTooLong()));
    }

    /**
     * Runs a blocking call on the blocking executor and applies its outcome on the event loop, then reads commands
     * again. {@code onResult} runs on the event loop; {@code onFailure} answers when the call throws.
     */
    private <T> void offLoop(ChannelHandlerContext ctx, String what, Callable<T> call, Function<T, Transition> onResult,
                             Supplier<Transition> onFailure) {
        busy = true;
        try {
            setup.blockingCalls().execute(namingTheClient(() -> {
                Supplier<Transition> outcome;
                try {
                    T result = call.call();
                    outcome = () -> onResult.apply(result);
                } catch (Exception e) {
                    log.error("{} failed for {}", what, clientAddress, e);
                    outcome = onFailure;
                }
                Supplier<Transition> reply = outcome;
                try {
                    ctx.executor().execute(() -> afterCall(ctx, reply.get()));
                } catch (RejectedExecutionException stopped) {
                    log.debug("Event loop stopped before {} could answer {}", what, clientAddress);
                }
            }));
        } catch (RejectedExecutionException shuttingDown) {
            afterCall(ctx, onFailure.get());
        }
    }

    /** The blocking call's lines name the client in the MDC (the JSON log's {@code client}), on the executor's thread. */
    private Runnable namingTheClient(Runnable call) {
        String client = clientAddress;
        return () -> {
            MessageContextPort.Scope scope = MessageLogContext.client(client);
            try {
                call.run();
            } finally {
                scope.close();
            }
        };
    }

    private void afterCall(ChannelHandlerContext ctx, Transition transition) {
        busy = false;
        lastCallFinished = System.nanoTime();
        if (!closing) {
            resumeAfter(ctx, transition);
        }
    }

    private void resumeAfter(ChannelHandlerContext ctx, Transition transition) {
        apply(ctx, transition);
        if (!transition.close()) {
            decoder.resumeCommands();
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
        // While a blocking call runs, and just after, the client is rightly silent: it waits for our reply.
        if (!closing && !busy && System.nanoTime() - lastCallFinished >= idleTimeoutNanos) {
            log.info("Idle timeout for {}; closing the connection", clientAddress);
            apply(ctx, Transition.closing(state.reset(), Replies.IDLE_TIMEOUT));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state != null) {
            state = state.reset();                      // drops a half-received message
        }
        log.debug("Connection from {} closed", clientAddress);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (isConnectionProblem(cause)) {
            log.debug("Connection from {} failed: {}", clientAddress, cause.toString());
            closing = true;
            ctx.close();
            return;
        }
        log.error("Unexpected error in the session with {}; closing it", clientAddress, cause);
        if (closing || state == null) {
            ctx.close();
        } else {
            apply(ctx, Transition.closing(state.reset(), Replies.LOCAL_ERROR));
        }
    }

    /** Resets, broken pipes and failed TLS handshakes (an {@code SSLException} is an {@code IOException}). */
    private static boolean isConnectionProblem(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String addressText(SocketAddress address) {
        if (address instanceof InetSocketAddress && ((InetSocketAddress) address).getAddress() != null) {
            return ((InetSocketAddress) address).getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
