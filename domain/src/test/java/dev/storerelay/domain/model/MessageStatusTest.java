package dev.storerelay.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageStatusTest {

    @ParameterizedTest(name = "{0} held={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "PENDING                      | false | QUEUED",
            "PENDING                      | true  | HELD",
            "DELIVERED,PENDING            | false | QUEUED",
            "FAILED,PENDING               | true  | HELD",
            "EXPIRED,PENDING              | false | QUEUED",
            "DELIVERED                    | false | DELIVERED",
            "DELIVERED                    | true  | DELIVERED",
            "DELIVERED,DELIVERED          | false | DELIVERED",
            "DELIVERED,FAILED             | false | FAILED",
            "FAILED                       | true  | FAILED",
            "EXPIRED                      | false | EXPIRED",
            "DELIVERED,EXPIRED            | true  | EXPIRED",
            "EXPIRED,FAILED               | false | FAILED",
            "DELIVERED,EXPIRED,FAILED     | false | FAILED"})
    void derivesTheMessageStatusFromItsRecipients(String recipients, boolean held, MessageStatus expected) {
        List<RecipientStatus> statuses = Arrays.stream(recipients.split(",")).map(RecipientStatus::valueOf).toList();
        assertThat(MessageStatus.of(statuses, held)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"QUEUED, false", "HELD, false", "DELIVERED, true", "FAILED, true", "EXPIRED, true"})
    void onlyDeliveredFailedAndExpiredAreFinal(MessageStatus status, boolean isFinal) {
        assertThat(status.isFinal()).isEqualTo(isFinal);
    }
}
