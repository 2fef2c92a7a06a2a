package dev.storerelay.application.testing;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.in.RelayMessageCommand;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.UnitId;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** One message from the ERP to a customer, as the SMTP listener hands it to the relay use case. */
public final class RelayCommands {
    public static final EmailAddress ERP = new EmailAddress("erp@legacy.local");
    public static final EmailAddress CUSTOMER = new EmailAddress("customer@example.org");
    public static final MessageContent CONTENT = MessageContent.ofBytes(
            "X-Store-Id: s1\r\nFrom: Orders <erp@legacy.local>\r\nSubject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));

    private RelayCommands() {
    }

    /**
     * @param authenticated the store whose relay credential the client signed in with; {@code null} for none
     * @param headers       the values of the message's store headers
     */
    public static RelayMessageCommand command(String authenticated, List<String> headers) {
        return new RelayMessageCommand("erp.local", "127.0.0.1", authenticated == null ? null : UnitId.of(authenticated),
                ERP, List.of(CUSTOMER), headers, "Orders", CONTENT, null, null);
    }
}
