package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.application.port.in.AuthenticateRelayClientUseCase;
import dev.storerelay.application.port.in.CheckSubmitterUseCase;
import io.netty.handler.codec.smtp.SmtpCommand;
import io.netty.handler.codec.smtp.SmtpResponse;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What every session of one listener shares: the stateless command handlers, the replies that depend on the
 * configuration, the use cases and the executor for blocking calls (database, password hashing), which never run on
 * an event loop; the listener's metrics, and where its refusals are recorded.
 */
record SessionSetup(Map<SmtpCommand, CommandHandler> handlers, EndOfDataHandler endOfData, SmtpResponse greeting,
                    SmtpResponse lineTooLong, Duration idleTimeout, SubmissionPolicy policy, StartTls startTls,
                    AuthenticateRelayClientUseCase authenticate, CheckSubmitterUseCase submitters,
                    Executor blockingCalls, ListenerMetrics metrics, RefusalRecorder refusals) {
    SessionSetup {
        handlers = Map.copyOf(handlers);
        Objects.requireNonNull(endOfData, "endOfData");
        Objects.requireNonNull(greeting, "greeting");
        Objects.requireNonNull(lineTooLong, "lineTooLong");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(startTls, "startTls");
        Objects.requireNonNull(authenticate, "authenticate");
        Objects.requireNonNull(submitters, "submitters");
        Objects.requireNonNull(blockingCalls, "blockingCalls");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(refusals, "refusals");
    }
}
