package dev.storerelay.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreOutcomeTest {

    @Test
    void an_attempt_ends_as_its_message_does_and_one_that_asked_no_upstream_says_why() {
        assertThat(StoreOutcome.of(false, true, MessageStatus.DELIVERED)).isEqualTo(StoreOutcome.DELIVERED);
        assertThat(StoreOutcome.of(false, true, MessageStatus.QUEUED)).isEqualTo(StoreOutcome.DEFERRED);
        assertThat(StoreOutcome.of(false, true, MessageStatus.FAILED)).isEqualTo(StoreOutcome.FAILED);
        assertThat(StoreOutcome.of(false, false, MessageStatus.EXPIRED)).isEqualTo(StoreOutcome.FAILED);
        assertThat(StoreOutcome.of(true, false, MessageStatus.HELD)).isEqualTo(StoreOutcome.HELD);
        assertThat(StoreOutcome.of(false, false, MessageStatus.QUEUED)).isEqualTo(StoreOutcome.RATE_LIMITED);
    }
}
