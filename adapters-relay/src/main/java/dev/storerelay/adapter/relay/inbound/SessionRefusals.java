package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.domain.model.EmailAddress;
import io.netty.handler.codec.smtp.SmtpCommand;
import io.netty.handler.codec.smtp.SmtpRequest;
import io.netty.handler.codec.smtp.SmtpResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One connection's refusals for the Refused page: every {@code 4xx}/{@code 5xx} answer to {@code MAIL}, {@code RCPT},
 * {@code DATA} and the end of DATA (what {@code storerelay_listener_rejections_total} counts), with what the client
 * had said by then, up to {@value #MAX_PER_CONNECTION} per connection: a client that sends nonsense forever fills
 * neither the queue nor the page (the rest are counted). Not recorded either are the {@code 503}s that only follow
 * from a refused {@code MAIL} (a pipelining client's {@code RCPT} and {@code DATA} after it): the {@code MAIL}'s
 * refusal says why. The message's content is never looked at. Used on the connection's event loop only.
 */
final class SessionRefusals {
    static final int MAX_PER_CONNECTION = 20;
    private static final int MIN_ERROR_CODE = 400;
    private static final int BAD_SEQUENCE = 503;

    private final RefusalRecorder recorder;
    private int recorded;
    private boolean mailRefused;

    SessionRefusals(RefusalRecorder recorder) {
        this.recorder = recorder;
    }

    /**
     * The reply to {@code MAIL}, {@code RCPT} or {@code DATA}, recorded when it refuses. A refused {@code MAIL} is
     * recorded with the sender it gave and no recipients; a refused {@code RCPT} with the transaction's recipients and
     * the one it gave last.
     *
     * @param before the state the command found
     */
    void command(SessionState before, SmtpRequest request, SmtpResponse reply) {
        boolean mail = SmtpCommand.MAIL.equals(request.command());
        boolean refused = reply.code() >= MIN_ERROR_CODE;
        boolean followsRefusedMail = !mail && mailRefused && reply.code() == BAD_SEQUENCE;
        if (mail) {
            mailRefused = refused;
        }
        if (!refused || followsRefusedMail) {
            return;
        }
        SessionState.MailTransaction transaction = transactionOf(before);
        String mailFrom = transaction == null ? null : senderOf(transaction);
        List<String> recipients = transaction == null ? List.of() : addresses(transaction.recipients());
        if (mail) {
            mailFrom = pathGiven(request, "FROM:");
            recipients = List.of();
        } else if (SmtpCommand.RCPT.equals(request.command())) {
            List<String> given = new ArrayList<>(recipients);
            given.add(pathGiven(request, "TO:"));
            recipients = given;
        }
        record(before, mailFrom, recipients, reply);
    }

    /** The reply to the end of DATA, recorded when it refuses the message. */
    void endOfData(SessionState.MailTransaction transaction, SmtpResponse reply) {
        if (reply.code() >= MIN_ERROR_CODE) {
            record(transaction, senderOf(transaction), addresses(transaction.recipients()), reply);
        }
    }

    private void record(SessionState state, String mailFrom, List<String> recipients, SmtpResponse reply) {
        if (recorded >= MAX_PER_CONNECTION) {
            recorder.notRecorded(RefusalRecorder.Drop.CONNECTION_LIMIT);
            return;
        }
        recorded++;
        recorder.refused(state.client().address(), clientNameOf(state), mailFrom, recipients, reply);
    }

    private static SessionState.MailTransaction transactionOf(SessionState state) {
        if (state instanceof SessionState.ReceivingData) {
            return ((SessionState.ReceivingData) state).transaction();
        }
        return state instanceof SessionState.MailTransaction ? (SessionState.MailTransaction) state : null;
    }

    /** The EHLO or HELO name; {@code null} before either. */
    private static String clientNameOf(SessionState state) {
        SessionState.MailTransaction transaction = transactionOf(state);
        if (transaction != null) {
            return transaction.greeting().clientName();
        }
        return state instanceof SessionState.Greeted ? ((SessionState.Greeted) state).clientName() : null;
    }

    private static String senderOf(SessionState.MailTransaction transaction) {
        return transaction.sender() == null ? "" : transaction.sender().value();
    }

    private static List<String> addresses(List<EmailAddress> recipients) {
        return recipients.stream().map(EmailAddress::value).toList();
    }

    /**
     * The address in {@code MAIL FROM:<…>} or {@code RCPT TO:<…>} when it is one ({@code ""} for {@code <>}); else,
     * since that may be why it was refused, what the client wrote after the keyword.
     */
    private static String pathGiven(SmtpRequest request, String keyword) {
        Optional<PathArgument> path = PathArgument.parse(request.parameters(), keyword);
        if (path.isPresent() && (path.get().address().isEmpty()
                || EmailAddress.isValidInternationalized(path.get().address()))) {
            return path.get().address();
        }
        String argument = String.join(" ", request.parameters());
        return argument.regionMatches(true, 0, keyword, 0, keyword.length())
                ? argument.substring(keyword.length()).strip() : argument;
    }
}
