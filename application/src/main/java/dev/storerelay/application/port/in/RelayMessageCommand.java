package dev.storerelay.application.port.in;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.UnitId;

import java.util.List;
import java.util.Objects;

/**
 * A message a client has submitted to the listener, at the end of DATA.
 *
 * @param authenticatedUnit the unit of the client's relay credential, {@code null} if it did not authenticate
 * @param envelopeSender    {@code null} for the null reverse-path
 * @param storeHeaderValues the values of every store header ({@code X-Store-Id}) found in the message header
 * @param fromDisplayName   the decoded display name of the {@code From:} header, {@code null} if none
 * @param messageIdHeader   the value of the {@code Message-ID} header as sent, {@code null} if none
 * @param subject           the decoded {@code Subject} header, {@code null} if none
 */
public record RelayMessageCommand(String clientName, String clientAddress, UnitId authenticatedUnit,
                                  EmailAddress envelopeSender, List<EmailAddress> recipients,
                                  List<String> storeHeaderValues, String fromDisplayName,
                                  MessageContent content, String messageIdHeader, String subject) {
    public RelayMessageCommand {
        Objects.requireNonNull(clientName, "clientName");
        Objects.requireNonNull(clientAddress, "clientAddress");
        recipients = List.copyOf(recipients);
        storeHeaderValues = List.copyOf(storeHeaderValues);
        Objects.requireNonNull(content, "content");
    }
}
