package dev.storerelay.adapter.persistence;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** One caller's item in a {@link GroupCommit} and, once written, its result or failure. */
final class PendingWrite<T, R> {
    // A wake-up can be missed between a waiter's check and its wait only if it waited without a time limit.
    private static final long MAX_WAIT_MICROS = 10_000;

    private final T item;
    /** The outcome; callers that wait block on {@link #changed} rather than on it, to be woken for a turn too. */
    private final CompletableFuture<R> future = new CompletableFuture<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean woken;

    PendingWrite(T item) {
        this.item = item;
    }

    T item() {
        return item;
    }

    /** Completes when the item is committed, or exceptionally when it could not be. */
    CompletableFuture<R> future() {
        return future;
    }

    void complete(R value, RuntimeException error) {
        if (error == null) {
            future.complete(value);
        } else {
            future.completeExceptionally(error);
        }
        signal(false);
    }

    void wake() {
        signal(true);
    }

    private void signal(boolean turn) {
        lock.lock();
        try {
            woken |= turn;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    boolean isDone() {
        return future.isDone();
    }

    void awaitDoneOrWake() {
        lock.lock();
        try {
            if (!future.isDone() && !woken) {
                changed.await(MAX_WAIT_MICROS, TimeUnit.MICROSECONDS);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a database commit", e);
        } finally {
            lock.unlock();
        }
    }

    /** The result of a completed item; its failure is thrown as it was raised. */
    R result() {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }
}
