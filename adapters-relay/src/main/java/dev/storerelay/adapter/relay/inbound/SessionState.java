package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.UnitId;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a connection is in the dialogue (RFC 5321 §3.3). Every transition builds a new value, so a command handler
 * can only change the session by returning one.
 */
sealed interface SessionState {

    /** The state after {@code RSET} (RFC 5321 §4.1.1.5): the greeting stays, the transaction goes. */
    SessionState reset();

    /** The connection this dialogue runs on. */
    ClientConnection client();

    /** Connected, greeting sent, no EHLO/HELO yet (also right after {@code STARTTLS}, RFC 3207 §4.2). */
    record Connected(ClientConnection client) implements SessionState {
        public Connected {
            Objects.requireNonNull(client, "client");
        }

        @Override
        public SessionState reset() {
            return this;
        }
    }

    /**
     * The client introduced itself; {@code extended} when by EHLO, which alone allows MAIL parameters and AUTH.
     *
     * @param authenticatedUnit the unit of the relay credential the client authenticated with, {@code null} if none
     */
    record Greeted(ClientConnection client, String clientName, boolean extended, UnitId authenticatedUnit)
            implements SessionState {
        public Greeted {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(clientName, "clientName");
        }

        Optional<UnitId> authenticated() {
            return Optional.ofNullable(authenticatedUnit);
        }

        Greeted authenticatedAs(UnitId unit) {
            return new Greeted(client, clientName, extended, Objects.requireNonNull(unit, "unit"));
        }

        @Override
        public SessionState reset() {
            return this;
        }
    }

    /**
     * After MAIL: {@code sender} is {@code null} for the null reverse-path {@code <>} (RFC 5321 §4.5.5);
     * {@code smtpUtf8} when MAIL declared {@code SMTPUTF8}, so that addresses may be internationalized (RFC 6531).
     */
    record MailTransaction(Greeted greeting, EmailAddress sender, List<EmailAddress> recipients, boolean smtpUtf8)
            implements SessionState {
        public MailTransaction {
            Objects.requireNonNull(greeting, "greeting");
            recipients = List.copyOf(recipients);
        }

        MailTransaction withRecipient(EmailAddress recipient) {
            if (recipients.contains(recipient)) {
                return this;                    // a repeated RCPT adds nothing: one delivery per address
            }
            List<EmailAddress> more = new ArrayList<>(recipients);
            more.add(recipient);
            return new MailTransaction(greeting, sender, more, smtpUtf8);
        }

        @Override
        public ClientConnection client() {
            return greeting.client();
        }

        @Override
        public SessionState reset() {
            return greeting;
        }
    }

    /** After {@code 354}: the message text goes into {@code sink} until the end of data. */
    record ReceivingData(MailTransaction transaction, MessageSink sink) implements SessionState {
        public ReceivingData {
            Objects.requireNonNull(transaction, "transaction");
            Objects.requireNonNull(sink, "sink");
        }

        @Override
        public ClientConnection client() {
            return transaction.client();
        }

        @Override
        public SessionState reset() {
            sink.discard();
            return transaction.greeting();
        }
    }
}
