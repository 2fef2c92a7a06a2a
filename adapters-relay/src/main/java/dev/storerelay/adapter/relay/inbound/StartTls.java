package dev.storerelay.adapter.relay.inbound;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.smtp.SmtpRequest;
import io.netty.handler.codec.smtp.SmtpResponse;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import java.util.Optional;

/** {@code STARTTLS} (RFC 3207): whether it may start now, and the switch of the pipeline to TLS. */
final class StartTls {
    static final String HANDLER_NAME = "tls";

    /** {@code null} when no certificate is configured. */
    private final SslContext context;
    private final ListenerMetrics metrics;

    StartTls(SslContext context, ListenerMetrics metrics) {
        this.context = context;
        this.metrics = metrics;
    }

    static StartTls unavailable() {
        return new StartTls(null, ListenerMetrics.none());
    }

    /** Why {@code STARTTLS} is refused in this state; empty when it may start. */
    Optional<SmtpResponse> refusal(SmtpRequest request, SessionState state) {
        if (context == null) {
            return Optional.of(Replies.TLS_NOT_AVAILABLE);
        }
        if (state.client().tls()) {
            return Optional.of(Replies.TLS_ALREADY_ACTIVE);
        }
        if (!request.parameters().isEmpty()) {
            return Optional.of(Replies.STARTTLS_SYNTAX);
        }
        if (state instanceof SessionState.Connected) {
            return Optional.of(Replies.SEND_HELLO_FIRST);          // it was offered in the EHLO reply only
        }
        return Optional.empty();
    }

    /**
     * Puts TLS in front of everything. {@code startTls = true} lets the next write, our {@code 220}, leave in clear
     * text; everything after it is encrypted, and the client's handshake comes next.
     */
    void install(ChannelHandlerContext ctx) {
        SslHandler tls = new SslHandler(context.newEngine(ctx.alloc()), true);
        // A client that closes before the handshake ends counts as a failure too.
        tls.handshakeFuture().addListener(handshake -> metrics.tlsHandshake(handshake.isSuccess()));
        ctx.pipeline().addFirst(HANDLER_NAME, tls);
    }
}
