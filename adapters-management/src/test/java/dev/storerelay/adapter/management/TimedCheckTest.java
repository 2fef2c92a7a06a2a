package dev.storerelay.adapter.management;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TimedCheckTest {
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger asked = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private TimedCheck check;

    @AfterEach
    void close() {
        release.countDown();
        if (check != null) {
            check.close();
        }
    }

    @Test
    void anAnswerIsUpWithItsTimeAndIsReusedForAWhile() {
        check = new TimedCheck("database", () -> {
            asked.incrementAndGet();
            nanos.addAndGet(Duration.ofMillis(3).toNanos());
        }, Duration.ofSeconds(2), Duration.ofSeconds(1), nanos::get);

        ReadinessCheck.Result first = check.check();
        assertThat(first.up()).isTrue();
        assertThat(first.took()).isEqualTo(Duration.ofMillis(3));
        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(check.check()).isSameAs(first);
        assertThat(asked).hasValue(1);

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        check.check();
        assertThat(asked).as("asked again once the answer is old").hasValue(2);
    }

    @Test
    void aFailureIsDownWithTheKindOfFailureOnly() {
        check = new TimedCheck("database", () -> {
            throw new SQLTransientConnectionException("Connection to db.internal:3306 refused, user relay");
        }, Duration.ofSeconds(2), Duration.ofSeconds(1), nanos::get);

        ReadinessCheck.Result result = check.check();

        assertThat(result.up()).isFalse();
        assertThat(result.reason()).isEqualTo("SQLTransientConnectionException");
    }

    @Test
    void aQuestionThatHangsIsDownAfterTheTimeoutAndIsNotAskedAgainWhileItHangs() throws Exception {
        check = new TimedCheck("database", () -> {
            asked.incrementAndGet();
            release.await();
        }, Duration.ofMillis(200), Duration.ofSeconds(1), System::nanoTime);

        long started = System.nanoTime();
        ReadinessCheck.Result first = check.check();
        ReadinessCheck.Result second = check.check();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the second waits for no second question")
                .isLessThan(Duration.ofSeconds(2));
        assertThat(first.up()).isFalse();
        assertThat(first.reason()).isEqualTo("no answer within 200 ms");
        assertThat(second.up()).isFalse();
        assertThat(asked).hasValue(1);
    }

    @Test
    void anAnswerLaterThanTheTimeoutIsAFailureToo() throws Exception {
        CountDownLatch answered = new CountDownLatch(1);
        check = new TimedCheck("database", () -> {
            nanos.addAndGet(Duration.ofSeconds(3).toNanos());
            answered.countDown();
        }, Duration.ofSeconds(2), Duration.ofSeconds(1), nanos::get);

        ReadinessCheck.Result result = check.check();

        assertThat(answered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(result.up()).isFalse();
    }
}
