package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.UpstreamReply;
import dev.storerelay.domain.policy.DeliveryStatusNotification.FailedRecipient;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryStatusNotificationTest {
    private static final Instant ARRIVAL = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant NOW = Instant.parse("2026-03-01T09:05:00Z");
    private static final EmailAddress SENDER = new EmailAddress("erp@legacy.local");
    private static final String HEADERS = "From: Orders <erp@legacy.local>\r\nTo: a@example.org\r\nSubject: Order 17\r\n";

    private static String bounce(FailedRecipient... recipients) {
        return DeliveryStatusNotification.build("relay.example.com", "17", SENDER, ARRIVAL, NOW, List.of(recipients), HEADERS);
    }

    @Test
    void isAMultipartReportWithAHumanPartAMachinePartAndTheOriginalHeaders() {
        String dsn = bounce(new FailedRecipient(new EmailAddress("a@example.org"), RecipientStatus.FAILED,
                new UpstreamReply(550, "5.1.1 <a@example.org>: no such user")));

        assertThat(dsn).contains("To: <erp@legacy.local>\r\n", "Auto-Submitted: auto-replied\r\n",
                "Content-Type: multipart/report; report-type=delivery-status; boundary=");
        String boundary = dsn.replaceAll("(?s).*boundary=\"([^\"]+)\".*", "$1");
        assertThat(dsn.split("\r\n--" + boundary + "\r\n", -1)).hasSize(4);
        assertThat(dsn).endsWith("--" + boundary + "--\r\n");
        assertThat(dsn).contains("Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; relay.example.com\r\n"
                + "Arrival-Date: Sun, 1 Mar 2026 09:00:00 +0000\r\n\r\nFinal-Recipient: rfc822; a@example.org\r\n"
                + "Action: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 <a@example.org>: no such user\r\n"
                + "Last-Attempt-Date: Sun, 1 Mar 2026 09:05:00 +0000\r\n");
        assertThat(dsn).contains("Content-Type: text/rfc822-headers\r\n\r\n" + HEADERS);
        assertThat(dsn).contains("<a@example.org>: 550 5.1.1");
    }

    @Test
    void anInternationalizedRecipientIsReportedInAsciiAsRfc6533Says() {
        String dsn = bounce(new FailedRecipient(new EmailAddress("kunde+x@bäckerei.example"), RecipientStatus.FAILED,
                new UpstreamReply(553, "5.6.7 Non-ASCII addresses not permitted for that recipient")));

        assertThat(dsn).contains("Final-Recipient: utf-8; kunde\\x{2B}x@b\\x{E4}ckerei.example\r\n", "Status: 5.6.7\r\n",
                "  <kunde\\x{2B}x@b\\x{E4}ckerei.example>: 553 5.6.7");
        assertThat(dsn.chars()).as("every part is ASCII, as declared").allMatch(c -> c < 0x80);
        assertThat(DeliveryStatusNotification.ascii(new EmailAddress("用户@例子.广告"))).isEqualTo("\\x{7528}\\x{6237}@\\x{4F8B}\\x{5B50}.\\x{5E7F}\\x{544A}");
        assertThat(DeliveryStatusNotification.ascii(new EmailAddress("a+b@example.org"))).isEqualTo("a+b@example.org");
    }

    @Test
    void everyLineEndsInCrlfAndStaysWithinTheLineLimit() {
        String dsn = bounce(new FailedRecipient(new EmailAddress("a@example.org"), RecipientStatus.FAILED,
                new UpstreamReply(554, "x".repeat(1000))));

        assertThat(dsn.replace("\r\n", "")).doesNotContain("\r", "\n");
        assertThat(dsn.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
    }

    @Test
    void theStatusComesFromTheEnhancedCodeElseFromTheReplyOrTheExpiry() {
        assertThat(DeliveryStatusNotification.status(new FailedRecipient(new EmailAddress("a@example.org"),
                RecipientStatus.FAILED, new UpstreamReply(550, "mailbox unavailable")))).isEqualTo("5.0.0");
        assertThat(DeliveryStatusNotification.status(new FailedRecipient(new EmailAddress("a@example.org"),
                RecipientStatus.FAILED, new UpstreamReply(552, "5.2.2 mailbox full")))).isEqualTo("5.2.2");
        assertThat(DeliveryStatusNotification.status(new FailedRecipient(new EmailAddress("a@example.org"),
                RecipientStatus.EXPIRED, new UpstreamReply(451, "4.3.0 try later")))).isEqualTo("4.4.7");
        String expired = bounce(new FailedRecipient(new EmailAddress("b@example.org"), RecipientStatus.EXPIRED,
                UpstreamReply.noReply("connection refused")));
        assertThat(expired).contains("Status: 4.4.7", "gave up after the maximum time in the queue; last problem: connection refused")
                .doesNotContain("Diagnostic-Code");
    }

    @Test
    void reportsFailedOrExpiredRecipientsOnly() {
        assertThatThrownBy(() -> new FailedRecipient(new EmailAddress("a@example.org"), RecipientStatus.DELIVERED,
                new UpstreamReply(250, "ok"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bounce()).isInstanceOf(IllegalArgumentException.class);
    }
}
