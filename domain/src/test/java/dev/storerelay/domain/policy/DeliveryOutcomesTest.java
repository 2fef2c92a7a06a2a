package dev.storerelay.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.UpstreamReply;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryOutcomesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"200, DELIVERED", "250, DELIVERED", "251, DELIVERED", "299, DELIVERED",
            "354, PENDING", "421, PENDING", "450, PENDING", "451, PENDING", "452, PENDING", "499, PENDING",
            "500, FAILED", "550, FAILED", "552, FAILED", "553, FAILED", "554, FAILED", "599, FAILED",
            "0, PENDING"})
    void twoHundredsDeliverFiveHundredsFailEverythingElseIsRetried(int code, RecipientStatus expected) {
        assertThat(DeliveryOutcomes.classify(new UpstreamReply(code, "x"))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"connection refused", "read timed out", "PKIX path building failed", "STARTTLS not offered"})
    void noReplyFromTheServerIsRetried(String reason) {
        assertThat(DeliveryOutcomes.classify(UpstreamReply.noReply(reason))).isEqualTo(RecipientStatus.PENDING);
    }
}
