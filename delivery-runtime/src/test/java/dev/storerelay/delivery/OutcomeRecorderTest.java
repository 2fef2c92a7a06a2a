package dev.storerelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.MessageContextPort;
import dev.storerelay.application.port.out.RecordAttemptPort;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UpstreamReply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutcomeRecorderTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final EmailAddress CUSTOMER = new EmailAddress("customer@example.org");

    private final GroupingPort port = new GroupingPort();
    private final List<String> named = new CopyOnWriteArrayList<>();
    private final MessageContextPort context = (id, store, header) -> {
        named.add(id + " " + store + " " + header + " on " + Thread.currentThread().getName());
        return () -> { };
    };
    private final OutcomeRecorder recorder = new OutcomeRecorder(port, context);

    @AfterEach
    void stop() {
        port.release.countDown();
        recorder.stop();
    }

    @Test
    void anOutcomeIsRecordedOnTheRecorderThreadWhileTheCallerGoesOn() throws Exception {
        recorder.start();

        CompletableFuture<Boolean> result = recorder.recordLater(message(1), delivered(1), "w1").toCompletableFuture();

        assertThat(port.started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(result).as("the caller does not wait for the commit").isNotDone();
        port.release.countDown();
        assertThat(result.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(port.threads).containsOnly("delivery-recorder");
    }

    @Test
    void outcomesThatArriveTogetherShareOneGroupAndEachIsNamedForTheAdapter() throws Exception {
        port.release.countDown();
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            results.add(recorder.recordLater(message(i), delivered(i), "w1").toCompletableFuture());
        }

        recorder.start();

        for (CompletableFuture<Boolean> result : results) {
            assertThat(result.get(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(port.groups).containsExactly(5);
        assertThat(named).hasSize(5).allSatisfy(line -> assertThat(line).endsWith(" s1 <m@erp.local> on delivery-recorder"));
    }

    @Test
    void aGroupThePortCannotTakeFailsItsOutcomesAndTheRecorderGoesOn() throws Exception {
        port.release.countDown();
        port.failNext = true;
        recorder.start();

        CompletableFuture<Boolean> failed = recorder.recordLater(message(1), delivered(1), "w1").toCompletableFuture();
        assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);

        assertThat(recorder.recordLater(message(2), delivered(2), "w1").toCompletableFuture().get(5, TimeUnit.SECONDS))
                .as("the next outcome is recorded").isTrue();
    }

    @Test
    void stoppingRecordsWhatIsWaitingFirst() throws Exception {
        port.release.countDown();
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            results.add(recorder.recordLater(message(i), delivered(i), "w1").toCompletableFuture());
        }
        recorder.start();

        recorder.stop();

        assertThat(results).allSatisfy(result -> assertThat(result).isCompletedWithValue(true));
    }

    private static ClaimedMessage message(long id) {
        return new ClaimedMessage(new MessageId(id), UnitId.of("s1"), null, List.of(CUSTOMER), null,
                MessageContent.ofBytes(new byte[] {'x'}), "erp.local", "192.0.2.7", T0, 0, null, "<m@erp.local>");
    }

    private static DeliveryAttempt delivered(long id) {
        return new DeliveryAttempt(new MessageId(id), T0, List.of(new DeliveryAttempt.RecipientOutcome(CUSTOMER,
                RecipientStatus.DELIVERED, new UpstreamReply(250, "2.0.0 Ok"))), null, false, true, "delivered");
    }

    /** Records every group at once once released, noting its size and thread, and names each attempt's message. */
    private static final class GroupingPort implements RecordAttemptPort {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> groups = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile boolean failNext;

        @Override
        public boolean recordAttempt(DeliveryAttempt attempt, String worker) {
            return true;
        }

        @Override
        public List<CompletableFuture<Boolean>> recordAttempts(List<LeasedAttempt> attempts) {
            started.countDown();
            threads.add(Thread.currentThread().getName());
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("database gone");
            }
            groups.add(attempts.size());
            attempts.forEach(a -> a.naming().get().close());
            return attempts.stream().map(a -> CompletableFuture.completedFuture(true)).toList();
        }
    }
}
