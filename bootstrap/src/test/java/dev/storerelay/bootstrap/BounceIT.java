package dev.storerelay.bootstrap;

import dev.storerelay.adapter.relay.testing.FakeUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With STORE_RELAY_BOUNCES=true a recipient the upstream refuses is reported to the original envelope sender: a
 * delivery status notification from the null reverse-path, through the same store and its sender address.
 */
class BounceIT {
    private static final String ADMIN_PASSWORD = "bounce-admin";

    @RegisterExtension
    final RelayExtension relay = RelayExtension.builder().adminPassword(ADMIN_PASSWORD).env("STORE_RELAY_BOUNCES", "true").build();

    @Test
    void aRefusedRecipientIsReportedToTheSenderThroughTheStore() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            AdminApi api = relay.api();
            api.companyDeliveringTo(upstream.port());

            relay.client().send(null, "erp@legacy.local", "kept@example.com, reject-me@example.com",
                    "one of two will be refused");

            List<FakeUpstream.Received> received = upstream.awaitMessages(2);
            FakeUpstream.Received bounce = received.get(1);
            assertThat(received.get(0).recipients()).containsExactly("kept@example.com");
            assertThat(bounce.envelopeFrom()).as("the null reverse-path").isNullOrEmpty();
            assertThat(bounce.recipients()).containsExactly("erp@legacy.local");
            assertThat(bounce.text()).contains("From: Mail Delivery System <shop@shop.example>",
                    "Content-Type: multipart/report; report-type=delivery-status",
                    "Final-Recipient: rfc822; reject-me@example.com", "Status: 5.1.1",
                    "Diagnostic-Code: smtp; 550 5.1.1 <reject-me@example.com>: no such user",
                    "Subject: one of two will be refused")
                    .doesNotContain("Final-Recipient: rfc822; kept@example.com");
            assertThat(api.ok(api.get("/api/messages/counts")).get("DELIVERED").asInt()).isEqualTo(1);
        }
    }
}
