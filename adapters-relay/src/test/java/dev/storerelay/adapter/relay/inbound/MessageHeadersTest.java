package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.application.port.MessageContent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class MessageHeadersTest {

    @Test
    void everyStoreHeaderValueIsFoundWhateverTheCaseOfItsName() throws IOException {
        MessageHeaders headers = scan("X-Store-Id: S1\r\nSubject: x\r\nx-store-ID:S2 \r\n\r\nX-Store-Id: body\r\n");
        assertThat(headers.storeHeaderValues()).containsExactly("S1", "S2");
    }

    @Test
    void foldedHeaderIsUnfolded() throws IOException {
        MessageHeaders headers = scan("X-Store-Id:\r\n  S1\r\nFrom: \"Shop\r\n North\" <shop@example.com>\r\n\r\nbody\r\n");
        assertThat(headers.storeHeaderValues()).containsExactly("S1");
        assertThat(headers.fromDisplayName()).isEqualTo("Shop North");
    }

    @Test
    void encodedWordDisplayNameIsDecoded() throws IOException {
        MessageHeaders headers = scan("From: =?UTF-8?Q?B=C3=A4ckerei_M=C3=BCller?= <shop@example.com>\r\n\r\n");
        assertThat(headers.fromDisplayName()).isEqualTo("Bäckerei Müller");
    }

    @Test
    void rawUtf8DisplayNameIsKept() throws IOException {
        MessageHeaders headers = scan("From: Bäckerei <shop@example.com>\r\n\r\n");
        assertThat(headers.fromDisplayName()).isEqualTo("Bäckerei");
    }

    @Test
    void addressWithoutDisplayNameOrMissingFromGivesNone() throws IOException {
        assertThat(scan("From: shop@example.com\r\n\r\n").fromDisplayName()).isNull();
        assertThat(scan("Subject: x\r\n\r\n").fromDisplayName()).isNull();
        assertThat(scan("From: <<<\r\n\r\n").fromDisplayName()).isNull();
    }

    @Test
    void headerSectionEndsAtTheEmptyLineOrAtTheFirstLineThatIsNoField() throws IOException {
        assertThat(scan("").storeHeaderValues()).isEmpty();
        assertThat(scan("just a body line\r\nX-Store-Id: S1\r\n").storeHeaderValues()).isEmpty();
        assertThat(scan("X-Store-Id: S1").storeHeaderValues()).containsExactly("S1");
    }

    @Test
    void theFirstMessageIdIsReadAsSentForTheLog() throws IOException {
        assertThat(scan("Subject: x\r\nmessage-id:  <a1.17@erp.local> \r\nMessage-ID: <second@erp.local>\r\n\r\n").messageId())
                .isEqualTo("<a1.17@erp.local>");
        assertThat(scan("Message-ID:\r\n <folded@erp.local>\r\n\r\n").messageId()).isEqualTo("<folded@erp.local>");
        assertThat(scan("Subject: x\r\n\r\nMessage-ID: <in-the-body@erp.local>\r\n").messageId()).isNull();
        assertThat(scan("Message-ID: <" + "x".repeat(300) + "@erp.local>\r\n\r\n").messageId())
                .hasSize(MessageHeaders.MAX_MESSAGE_ID).startsWith("<xxx");
    }

    @Test
    void theFirstSubjectIsReadDecodedForTheDeliveryLogsSearch() throws IOException {
        assertThat(scan("Subject: Order 4711\r\nSubject: second\r\n\r\n").subject()).isEqualTo("Order 4711");
        assertThat(scan("Subject: =?UTF-8?Q?Auftragsbest=C3=A4tigung?=\r\n 4711\r\n\r\n").subject())
                .isEqualTo("Auftragsbestätigung 4711");
        assertThat(scan("Subject: Bestätigung\r\n\r\n").subject()).as("raw UTF-8 (RFC 6532)").isEqualTo("Bestätigung");
        assertThat(scan("Subject: =?bogus?Q?x?=\r\n\r\n").subject()).as("undecodable: kept as sent").isNotNull();
        assertThat(scan("Subject:   \r\n\r\n").subject()).isNull();
        assertThat(scan("From: a@b.example\r\n\r\nSubject: in the body\r\n").subject()).isNull();
        assertThat(scan("Subject: " + "\uD83D\uDCE6".repeat(300) + "\r\n\r\n").subject())
                .as("cut at whole characters").hasSize(2 * MessageHeaders.MAX_SUBJECT);
    }

    private static MessageHeaders scan(String message) throws IOException {
        return MessageHeaders.scan(MessageContent.ofBytes(message.getBytes(StandardCharsets.UTF_8)), "X-Store-Id");
    }
}
