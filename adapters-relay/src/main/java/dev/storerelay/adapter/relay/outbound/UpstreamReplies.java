package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.out.ForwardMessagePort.ForwardResult;
import dev.storerelay.application.port.out.ForwardMessagePort.RecipientReply;
import dev.storerelay.application.port.out.OutgoingMessage;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.UpstreamReply;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the upstream server answered, or why there is no answer, as a {@link ForwardResult}: one reply per recipient,
 * in the order of the message's recipients.
 */
final class UpstreamReplies {
    private UpstreamReplies() {
    }

    /**
     * The recipients that cannot be sent to a server without SMTPUTF8 (RFC 6531 §3.2), each with a permanent
     * failure the relay gives itself, in the words RFC 6531 §3.5 has a server use: the internationalized ones, or
     * all of them when the sender is internationalized.
     */
    static List<RecipientReply> withoutSmtpUtf8(OutgoingMessage message, ConnectionPlan plan) {
        boolean senderNeedsIt = message.sender().envelope().map(EmailAddress::needsSmtpUtf8).orElse(false);
        UpstreamReply reply = new UpstreamReply(553, "5.6.7 Non-ASCII addresses not permitted for that "
                + (senderNeedsIt ? "sender" : "recipient") + ": not sent, " + plan.host() + ":" + plan.port()
                + " does not offer SMTPUTF8 (RFC 6531)");
        return message.recipients().stream().filter(r -> senderNeedsIt || r.needsSmtpUtf8())
                .map(r -> new RecipientReply(r, reply)).toList();
    }

    /** The replies of both lists in the order of the message's recipients. */
    static ForwardResult inOrder(List<EmailAddress> recipients, List<RecipientReply> first, ForwardResult second) {
        if (first.isEmpty()) {
            return second;
        }
        Map<EmailAddress, RecipientReply> byRecipient = new HashMap<>();
        first.forEach(r -> byRecipient.put(r.recipient(), r));
        second.replies().forEach(r -> byRecipient.put(r.recipient(), r));
        return new ForwardResult(recipients.stream().map(byRecipient::get).toList());
    }

    /**
     * With {@code sendpartial}, Angus sends to the accepted recipients and reports the refused ones in a chain of
     * {@link SMTPAddressFailedException}s; a refused MAIL FROM or DATA comes as an {@link SMTPSendFailedException}.
     */
    static ForwardResult perRecipient(List<EmailAddress> recipients, SendFailedException failure, SMTPTransport transport) {
        Map<String, UpstreamReply> byAddress = new HashMap<>();
        UpstreamReply messageReply = null;
        for (Exception e = failure; e != null; e = e instanceof MessagingException m ? m.getNextException() : null) {
            if (e instanceof SMTPAddressFailedException refused) {
                byAddress.put(refused.getAddress().getAddress().toLowerCase(Locale.ROOT),
                        reply(refused.getReturnCode(), refused.getMessage()));
            } else if (e instanceof SMTPSendFailedException sendFailed && messageReply == null && sendFailed.getReturnCode() > 0) {
                messageReply = reply(sendFailed.getReturnCode(), sendFailed.getMessage());
            }
        }
        List<String> sent = new ArrayList<>();
        if (failure.getValidSentAddresses() != null) {
            for (var address : failure.getValidSentAddresses()) {
                sent.add(((InternetAddress) address).getAddress().toLowerCase(Locale.ROOT));
            }
        }
        UpstreamReply accepted = transport != null && transport.getLastReturnCode() / 100 == 2
                ? reply(transport.getLastReturnCode(), transport.getLastServerResponse())
                : new UpstreamReply(250, "accepted");
        UpstreamReply fallback = messageReply != null ? messageReply : UpstreamReply.noReply(describe(failure));
        List<RecipientReply> replies = new ArrayList<>();
        for (EmailAddress recipient : recipients) {
            String key = recipient.value().toLowerCase(Locale.ROOT);
            UpstreamReply reply = byAddress.containsKey(key) ? byAddress.get(key) : sent.contains(key) ? accepted : fallback;
            replies.add(new RecipientReply(recipient, reply));
        }
        return new ForwardResult(replies);
    }

    /** Angus puts the server's whole reply line ("550 5.1.1 no such user") in the message; keep the text after the code. */
    static UpstreamReply reply(int code, String serverResponse) {
        String text = serverResponse == null ? "" : serverResponse.strip();
        if (text.length() >= 3 && text.startsWith(Integer.toString(code))) {
            text = text.substring(3).strip();
        }
        return code >= 200 && code <= 599 ? new UpstreamReply(code, text) : UpstreamReply.noReply(code + " " + text);
    }

    static ForwardResult uniform(List<EmailAddress> recipients, UpstreamReply reply) {
        return new ForwardResult(recipients.stream().map(r -> new RecipientReply(r, reply)).toList());
    }

    /** The exception and its causes in one line, e.g. "STARTTLS is required ..." or "... PKIX path building failed". */
    static String describe(Throwable error) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = error; t != null && out.length() < 600; t = t.getCause() == t ? null : t.getCause()) {
            String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (out.indexOf(text) < 0) {
                out.append(out.length() == 0 ? "" : ": ").append(text);
            }
        }
        return out.toString().replaceAll("[\\r\\n]+", " ");
    }
}
