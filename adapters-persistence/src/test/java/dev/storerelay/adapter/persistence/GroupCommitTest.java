package dev.storerelay.adapter.persistence;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class GroupCommitTest {
    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

    @Test
    void aLoneCallerWritesAtOnceAndGetsItsResult() {
        GroupCommit<Integer, String> commit = new GroupCommit<>(this::write, 10, failure -> false);

        assertThat(commit.submit(7)).isEqualTo("#7");
        assertThat(batches).containsExactly(List.of(7));
    }

    @Test
    void callersArrivingDuringAWriteShareTheNextBatchAndEachGetsItsOwnResult() throws Exception {
        FirstWrite firstWrite = new FirstWrite();
        GroupCommit<Integer, String> commit = new GroupCommit<>(items -> {
            firstWrite.holdIfFirst(items);
            return write(items);
        }, 10, failure -> false);
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            Future<String> first = firstWrite.start(callers, commit);
            List<Future<String>> others = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                int item = i;
                others.add(callers.submit(() -> commit.submit(item)));
            }
            // All five wait while the first write is under way; then they go together.
            await().atMost(Duration.ofSeconds(5)).until(() -> commit.waitingCount() == 5);
            firstWrite.release();

            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("#0");
            for (int i = 0; i < 5; i++) {
                assertThat(others.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("#" + (i + 1));
            }
            assertThat(batches).hasSize(2);
            assertThat(batches.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aFailedBatchIsWrittenAgainItemByItemSoOnlyTheBadItemFails() throws Exception {
        FirstWrite firstWrite = new FirstWrite();
        GroupCommit<Integer, String> commit = new GroupCommit<>(items -> {
            firstWrite.holdIfFirst(items);
            if (items.contains(13)) {
                throw new IllegalStateException("bad item in " + items);
            }
            return write(items);
        }, 10, failure -> false);
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            Future<String> first = firstWrite.start(callers, commit);
            Future<String> good = callers.submit(() -> commit.submit(12));
            Future<String> bad = callers.submit(() -> commit.submit(13));
            await().atMost(Duration.ofSeconds(5)).until(() -> commit.waitingCount() == 2);
            firstWrite.release();

            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("#0");
            assertThat(good.get(5, TimeUnit.SECONDS)).isEqualTo("#12");
            assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("[13]");
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aBatchNeverExceedsItsMaximum() throws Exception {
        GroupCommit<Integer, String> commit = new GroupCommit<>(this::write, 3, failure -> false);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int item = i;
                results.add(callers.submit(() -> commit.submit(item)));
            }
            for (int i = 0; i < 200; i++) {
                assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("#" + i);
            }
            assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 3));
            assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(200);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aGroupWrittenAllAtOnceGoesInOneBatch() throws Exception {
        GroupCommit<Integer, String> commit = new GroupCommit<>(this::write, 64, failure -> false);

        List<java.util.concurrent.CompletableFuture<String>> results = commit.writeAll(List.of(0, 1, 2, 3, 4));

        for (int i = 0; i < 5; i++) {
            assertThat(results.get(i).get(0, TimeUnit.SECONDS)).isEqualTo("#" + i);
        }
        assertThat(batches).containsExactly(List.of(0, 1, 2, 3, 4));
    }

    @Test
    void aBadItemInAGroupFailsOnlyItsOwnResult() throws Exception {
        GroupCommit<Integer, String> commit = new GroupCommit<>(items -> {
            if (items.contains(13)) {
                throw new IllegalStateException("bad item in " + items);
            }
            return write(items);
        }, 10, failure -> false);

        List<java.util.concurrent.CompletableFuture<String>> results = commit.writeAll(List.of(12, 13));

        assertThat(results.get(0).get(0, TimeUnit.SECONDS)).isEqualTo("#12");
        assertThatThrownBy(() -> results.get(1).get(0, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(commit.submit(14)).as("later writes go on").isEqualTo("#14");
    }

    @Test
    void aLoneItemIsWrittenOnceMoreAfterAFailureThatMayNotRecur() {
        List<List<Integer>> attempts = new CopyOnWriteArrayList<>();
        GroupCommit<Integer, String> commit = new GroupCommit<>(items -> {
            attempts.add(List.copyOf(items));
            if (attempts.size() == 1) {
                throw new IllegalStateException("connection lost");
            }
            return write(items);
        }, 10, failure -> failure.getMessage().equals("connection lost"));

        assertThat(commit.submit(5)).isEqualTo("#5");
        assertThat(attempts).containsExactly(List.of(5), List.of(5));
    }

    @Test
    void aLoneItemIsNotWrittenAgainAfterOtherFailuresNorMoreThanOnce() {
        List<List<Integer>> attempts = new CopyOnWriteArrayList<>();
        GroupCommit<Integer, String> commit = new GroupCommit<>(items -> {
            attempts.add(List.copyOf(items));
            throw new IllegalStateException(items.contains(1) ? "bad item" : "connection lost");
        }, 10, failure -> failure.getMessage().equals("connection lost"));

        assertThatThrownBy(() -> commit.submit(1)).hasMessage("bad item");
        assertThat(attempts).containsExactly(List.of(1));
        assertThatThrownBy(() -> commit.submit(2)).hasMessage("connection lost");
        assertThat(attempts).containsExactly(List.of(1), List.of(2), List.of(2));
    }

    @Test
    void aFailedGroupIsShownToWriteAgainBeforeItsItemsAreWrittenAlone() throws Exception {
        FirstWrite firstWrite = new FirstWrite();
        List<String> events = new CopyOnWriteArrayList<>();
        GroupCommit<Integer, String> commit = new GroupCommit<>(items -> {
            if (firstWrite.holdIfFirst(items)) {
                return write(items);
            }
            events.add("write " + items);
            if (items.size() > 1) {
                throw new IllegalStateException("connection lost");
            }
            return write(items);
        }, 10, failure -> events.add("told: " + failure.getMessage()));
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            Future<String> first = firstWrite.start(callers, commit);
            Future<String> one = callers.submit(() -> commit.submit(1));
            await().until(() -> commit.waitingCount() == 1);         // queued in this order
            Future<String> two = callers.submit(() -> commit.submit(2));
            await().until(() -> commit.waitingCount() == 2);
            firstWrite.release();

            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("#0");
            assertThat(one.get(5, TimeUnit.SECONDS)).isEqualTo("#1");
            assertThat(two.get(5, TimeUnit.SECONDS)).isEqualTo("#2");
        } finally {
            callers.shutdownNow();
        }
        assertThat(events).containsExactly("write [1, 2]", "told: connection lost", "write [1]", "write [2]");
    }

    private List<String> write(List<Integer> items) {
        batches.add(List.copyOf(items));
        return items.stream().map(i -> "#" + i).toList();
    }

    /**
     * The write of item 0, held until the test releases it, so that the callers after it wait and are written as
     * the next batch.
     */
    private static final class FirstWrite {
        private final CountDownLatch started = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Submits item 0 and returns once its write is under way. */
        Future<String> start(ExecutorService callers, GroupCommit<Integer, String> commit) throws InterruptedException {
            Future<String> first = callers.submit(() -> commit.submit(0));
            started.await();
            return first;
        }

        /** Called by the writer: holds the batch of item 0 until {@link #release()}; true for that batch. */
        boolean holdIfFirst(List<Integer> items) {
            if (!items.contains(0)) {
                return false;
            }
            started.countDown();
            try {
                if (!released.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test did not release the write");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return true;
        }

        void release() {
            released.countDown();
        }
    }
}
