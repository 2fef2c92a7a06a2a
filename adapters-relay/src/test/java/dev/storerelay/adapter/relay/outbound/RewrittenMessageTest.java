package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.out.DataEndGate;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RewrittenSender;
import jakarta.mail.Session;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class RewrittenMessageTest {
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final EmailAddress STORE = new EmailAddress("store12@shop.example");

    private static String rewrite(String original, RewrittenSender sender, String... ignore) throws Exception {
        RewrittenMessage message = new RewrittenMessage(SESSION, MessageContent.ofBytes(original.getBytes(StandardCharsets.UTF_8)),
                sender, "from legacy (127.0.0.1) by relay (store-relay) with ESMTP id 7; Tue, 24 Nov 2026 04:00:00 +0000",
                List.of("X-Store-Id"), DataEndGate.OPEN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out, ignore.length == 0 ? null : ignore);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void replacesFromKeepsDisplayNameDropsStoreHeaderAndKeepsEverythingElseByteForByte() throws Exception {
        String original = "From: \"Old Shop\" <erp@legacy.local>\r\n"
                + "To: customer@example.com\r\n"
                + "X-Store-Id: store-12\r\n"
                + "Message-ID: <abc@legacy.local>\r\n"
                + "Subject: Order\r\n confirmation\r\n"
                + "\r\n"
                + "Body line 1\r\n"
                + "From: not a header in the body\r\n";

        String sent = rewrite(original, new RewrittenSender(STORE, STORE, "Old Shop"));

        assertThat(sent).startsWith("Received: from legacy (127.0.0.1) by relay (store-relay) with ESMTP id 7; Tue, 24 Nov 2026 04:00:00 +0000\r\n")
                .contains("From: Old Shop <store12@shop.example>\r\n")
                .doesNotContain("erp@legacy.local>\r\nTo")
                .doesNotContainIgnoringCase("X-Store-Id")
                .contains("Message-ID: <abc@legacy.local>\r\n")
                .contains("Subject: Order\r\n confirmation\r\n")
                .endsWith("\r\nBody line 1\r\nFrom: not a header in the body\r\n");
        assertThat(sent.split("\r\n\r\n", 2)[0]).doesNotContain("erp@legacy.local");
    }

    @Test
    void dropsFoldedContinuationLinesOfRemovedFields() throws Exception {
        String sent = rewrite("X-Store-Id:\r\n store-12\r\nSubject: hi\r\n\r\nbody\r\n", new RewrittenSender(STORE, STORE, null));

        assertThat(sent).doesNotContain("store-12").contains("Subject: hi\r\n").contains("From: store12@shop.example\r\n");
    }

    @Test
    void addsFromWhenTheOriginalHasNone() throws Exception {
        String sent = rewrite("Subject: hi\r\n\r\nbody\r\n", new RewrittenSender(STORE, STORE, null));

        assertThat(sent.split("\r\n\r\n", 2)[0]).contains("From: store12@shop.example");
        assertThat(sent).endsWith("\r\n\r\nbody\r\n");
    }

    @Test
    void encodesNonAsciiDisplayNames() throws Exception {
        String sent = rewrite("From: x@y.z\r\n\r\nb\r\n", new RewrittenSender(STORE, STORE, "Bäckerei Müller"));

        assertThat(sent).contains("From: =?UTF-8?");
        assertThat(sent).contains("<store12@shop.example>");
    }

    @Test
    void honoursTheTransportsIgnoreList() throws Exception {
        String sent = rewrite("From: a@b.c\r\nBcc: secret@example.com\r\n\r\nb\r\n", new RewrittenSender(STORE, STORE, null), "Bcc");

        assertThat(sent).doesNotContain("secret@example.com");
    }
}
