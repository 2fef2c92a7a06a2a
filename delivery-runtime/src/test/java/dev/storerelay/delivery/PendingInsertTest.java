package dev.storerelay.delivery;


import dev.storerelay.application.port.MessageId;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class PendingInsertTest {
    private static final MessageId SENT_AS = new MessageId(7);
    private static final Duration LONG_WAIT = Duration.ofMinutes(10);
    // Far below LONG_WAIT: a call that returns within it did not wait for its full time.
    private static final Duration PROMPTLY = Duration.ofSeconds(30);

    private final PendingInsert insert = new PendingInsert();

    @Test
    void aDecidedOutcomeIsReturnedWithoutWaiting() {
        insert.queuedAs(SENT_AS);

        assertThat(insert.decided()).isTrue();
        assertThat(assertTimeoutPreemptively(PROMPTLY, () -> insert.await(LONG_WAIT)))
                .isEqualTo(new PendingInsert.Queued(SENT_AS));
    }

    @Test
    void onceAWaitHasRunOutLaterWaitsReturnAtOnce() {
        assertThat(insert.await(Duration.ofMillis(20))).isEqualTo(new PendingInsert.Undecided());

        assertThat(assertTimeoutPreemptively(PROMPTLY, () -> insert.await(LONG_WAIT)))
                .isEqualTo(new PendingInsert.Undecided());
        assertThat(assertTimeoutPreemptively(PROMPTLY, () -> insert.gateFor(SENT_AS, LONG_WAIT).mayEnd())).isFalse();
    }

    @Test
    void anOutcomeDecidedAfterAWaitRanOutIsStillSeen() {
        insert.await(Duration.ofMillis(20));

        insert.queuedAs(SENT_AS);

        assertThat(insert.await(LONG_WAIT)).isEqualTo(new PendingInsert.Queued(SENT_AS));
    }

    @Test
    void theGateOpensOnlyForTheMessageQueuedUnderTheIdItWasSentAs() {
        PendingInsert underAnotherId = new PendingInsert();
        underAnotherId.queuedAs(new MessageId(8));
        PendingInsert notQueued = new PendingInsert();
        notQueued.notQueued();
        insert.queuedAs(SENT_AS);

        assertThat(insert.gateFor(SENT_AS, LONG_WAIT).mayEnd()).isTrue();
        assertThat(underAnotherId.gateFor(SENT_AS, LONG_WAIT).mayEnd()).isFalse();
        assertThat(notQueued.gateFor(SENT_AS, LONG_WAIT).mayEnd()).isFalse();
    }

    @Test
    void theFirstOutcomeStands() {
        insert.queuedAs(SENT_AS);
        insert.notQueued();

        assertThat(insert.await(LONG_WAIT)).isEqualTo(new PendingInsert.Queued(SENT_AS));
    }
}
