package dev.storerelay.application.testing;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryAttempt.RecipientOutcome;
import dev.storerelay.application.port.out.LoadMessageLogPort;
import dev.storerelay.application.port.out.MessageActionsPort;
import dev.storerelay.application.port.out.MessageQuery;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.application.port.out.MessageView.RecipientView;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UpstreamReply;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What every queue does, run against the in-memory fake and the database adapters alike: claiming under leases,
 * recording attempts, holds, retries, discards, the purge of finished mail and the delivery log's filters.
 *
 * <p>Left out, because the fake and the database legitimately differ: how content is stored and read back (chunks,
 * streaming), the database's own limits and failures (refused rows, lost connections, deadlocks), concurrency between
 * processes, and the purge's batching. Those stay in the database adapters' integration tests.
 */
public abstract class MessageQueuePortContract {
    protected static final Instant T0 = Instant.parse("2030-01-01T10:00:00.123456Z");
    protected static final UnitId STORE = UnitId.of("store-1");
    protected static final EmailAddress ANN = new EmailAddress("ann@example.com");
    protected static final EmailAddress BOB = new EmailAddress("bob@example.com");
    protected static final EmailAddress CID = new EmailAddress("cid@example.com");
    private static final UpstreamReply OK = new UpstreamReply(250, "2.0.0 OK");
    protected static final UpstreamReply REFUSED = new UpstreamReply(550, "5.1.1 no such user");
    protected static final UpstreamReply LATER = new UpstreamReply(451, "4.3.0 try later");

    /** The queue under test, empty. */
    protected abstract MessageQueuePort queue();

    /** The delivery log of the same queue. */
    protected abstract LoadMessageLogPort log();

    @Test
    void onlyDueMessagesAreClaimedOldestFirstUpToTheMaximum() {
        MessageId first = queue().enqueue(message(STORE, T0, "1", ANN));
        MessageId second = queue().enqueue(message(STORE, T0.plusSeconds(1), "2", ANN));
        queue().enqueue(message(STORE, T0.plusSeconds(5), "3", ANN));

        assertThat(queue().claimDue(T0.minusSeconds(1), 10, "w1", T0.plusSeconds(60))).isEmpty();
        assertThat(queue().claimDue(T0.plusSeconds(2), 1, "w1", T0.plusSeconds(60))).extracting(ClaimedMessage::id).containsExactly(first);
        assertThat(queue().claimDue(T0.plusSeconds(2), 10, "w1", T0.plusSeconds(60))).extracting(ClaimedMessage::id).containsExactly(second);
        assertThat(queue().claimDue(T0.plusSeconds(2), 0, "w1", T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void aLeasedMessageIsClaimedAgainOnlyAfterItsLeaseLapses() {
        MessageId id = queue().enqueue(message(STORE, T0, "x", ANN));
        Instant leaseEnd = T0.plusSeconds(60);
        single(queue().claimDue(T0, 10, "w1", leaseEnd));

        assertThat(queue().claimDue(T0.plusSeconds(30), 10, "w2", T0.plusSeconds(90))).isEmpty();
        assertThat(queue().claimDue(leaseEnd.minusMillis(1), 10, "w2", T0.plusSeconds(120))).isEmpty();
        ClaimedMessage reclaimed = single(queue().claimDue(leaseEnd, 10, "w2", T0.plusSeconds(120)));

        assertThat(reclaimed.id()).isEqualTo(id);
    }

    @Test
    void retryingOrReleasingAMessageInFlightDoesNotLetAnotherWorkerClaimIt() {
        MessageId id = queue().enqueue(message(STORE, T0, "x", ANN));
        Instant leaseEnd = T0.plusSeconds(60);
        single(queue().claimDue(T0, 10, "w1", leaseEnd));

        assertThat(queue().retryNow(id, T0.plusSeconds(1))).isTrue();
        queue().releaseHeld(T0.plusSeconds(2));

        assertThat(queue().claimDue(T0.plusSeconds(3), 10, "w2", T0.plusSeconds(90))).isEmpty();
        assertThat(log().findMessage(id).orElseThrow().nextAttemptAt()).isEqualTo(leaseEnd);
        assertThat(single(queue().claimDue(leaseEnd, 10, "w2", T0.plusSeconds(120))).id()).isEqualTo(id);
    }

    @Test
    void anAttemptOfAWorkerThatLostItsLeaseIsIgnored() {
        MessageId id = queue().enqueue(message(STORE, T0, "x", ANN));
        single(queue().claimDue(T0, 10, "w1", T0.plusSeconds(60)));
        single(queue().claimDue(T0.plusSeconds(61), 10, "w2", T0.plusSeconds(120)));

        boolean recorded = queue().recordAttempt(delivered(id, T0.plusSeconds(62), ANN), "w1");

        assertThat(recorded).isFalse();
        MessageView view = log().findMessage(id).orElseThrow();
        assertThat(view.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(view.recipients()).extracting(RecipientView::status).containsExactly(RecipientStatus.PENDING);
        assertThat(log().findAttempts(id)).isEmpty();
        assertThat(queue().recordAttempt(delivered(id, T0.plusSeconds(63), ANN), "w2")).isTrue();
        assertThat(log().findMessage(id).orElseThrow().status()).isEqualTo(MessageStatus.DELIVERED);
    }

    @Test
    void aMessageQueuedClaimedIsLeasedFromTheStartAndComesBackWhenTheLeaseLapses() {
        Instant leaseEnd = T0.plusSeconds(300);
        MessageId id = queue().enqueueClaimed(message(STORE, T0, "handed off", ANN), "relay-1/handoff", leaseEnd);

        assertThat(queue().claimDue(T0.plusSeconds(1), 10, "w1", T0.plusSeconds(60))).isEmpty();
        assertThat(queue().nextDueAt()).contains(leaseEnd);
        assertThat(queue().recordAttempt(delivered(id, T0.plusSeconds(1), ANN), "w1")).as("not w1's lease").isFalse();
        assertThat(single(queue().claimDue(leaseEnd, 10, "w1", leaseEnd.plusSeconds(60))).id()).isEqualTo(id);
    }

    @Test
    void eachRecipientKeepsItsOwnOutcomeAndTheMessageStatusFollows() {
        MessageId id = queue().enqueue(message(STORE, T0, "x", ANN, BOB, CID));
        single(queue().claimDue(T0, 1, "w1", T0.plusSeconds(60)));
        Instant at = T0.plusSeconds(1);
        Instant retry = T0.plusSeconds(600);

        assertThat(queue().recordAttempt(new DeliveryAttempt(id, at, List.of(
                new RecipientOutcome(ANN, RecipientStatus.DELIVERED, OK),
                new RecipientOutcome(BOB, RecipientStatus.FAILED, REFUSED),
                new RecipientOutcome(CID, RecipientStatus.PENDING, LATER)), retry, false, true, "1 of 3 delivered"), "w1")).isTrue();

        MessageView view = log().findMessage(id).orElseThrow();
        assertThat(view.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(view.attempts()).isEqualTo(1);
        assertThat(view.lastAttemptAt()).isEqualTo(at);
        assertThat(view.lastError()).isEqualTo("1 of 3 delivered");
        assertThat(view.nextAttemptAt()).isEqualTo(retry);
        assertThat(view.recipients()).containsExactly(
                new RecipientView("ann@example.com", RecipientStatus.DELIVERED, "250 2.0.0 OK", at),
                new RecipientView("bob@example.com", RecipientStatus.FAILED, "550 5.1.1 no such user", at),
                new RecipientView("cid@example.com", RecipientStatus.PENDING, "451 4.3.0 try later", at));

        assertThat(queue().claimDue(retry.minusSeconds(1), 1, "w2", retry.plusSeconds(60))).isEmpty();
        ClaimedMessage again = single(queue().claimDue(retry, 1, "w2", retry.plusSeconds(60)));
        assertThat(again.pendingRecipients()).containsExactly(CID);
        assertThat(again.attemptsMade()).isEqualTo(1);

        assertThat(queue().recordAttempt(delivered(id, retry.plusSeconds(1), CID), "w2")).isTrue();

        MessageView done = log().findMessage(id).orElseThrow();
        assertThat(done.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.nextAttemptAt()).isNull();
        assertThat(done.recipients()).extracting(RecipientView::status)
                .containsExactly(RecipientStatus.DELIVERED, RecipientStatus.FAILED, RecipientStatus.DELIVERED);
        assertThat(log().findAttempts(id)).hasSize(2);
        assertThat(queue().nextDueAt()).isEmpty();
    }

    @Test
    void expiredRecipientsWithoutFailuresMakeTheMessageExpired() {
        MessageId id = queue().enqueue(message(STORE, T0, "x", ANN, BOB));
        single(queue().claimDue(T0, 1, "w1", T0.plusSeconds(60)));

        queue().recordAttempt(new DeliveryAttempt(id, T0, List.of(new RecipientOutcome(ANN, RecipientStatus.DELIVERED, OK),
                new RecipientOutcome(BOB, RecipientStatus.EXPIRED, LATER)), null, false, true, "expired"), "w1");

        assertThat(log().findMessage(id).orElseThrow().status()).isEqualTo(MessageStatus.EXPIRED);
    }

    @Test
    void aHeldMessageWaitsForItsExpiryOrARelease() {
        MessageId id = queue().enqueue(message(STORE, T0, "x", ANN));
        single(queue().claimDue(T0, 1, "w1", T0.plusSeconds(60)));
        Instant expiry = T0.plus(Duration.ofDays(5));

        queue().recordAttempt(new DeliveryAttempt(id, T0, List.of(new RecipientOutcome(ANN, RecipientStatus.PENDING,
                UpstreamReply.noReply("held: no server"))), expiry, true, false, "held: no server"), "w1");

        MessageView held = log().findMessage(id).orElseThrow();
        assertThat(held.status()).isEqualTo(MessageStatus.HELD);
        assertThat(held.attempts()).isZero();
        assertThat(held.nextAttemptAt()).isEqualTo(expiry);
        assertThat(queue().claimDue(T0.plusSeconds(3600), 1, "w1", T0.plusSeconds(7200))).isEmpty();
        assertThat(queue().nextDueAt()).contains(expiry);
        assertThat(queue().storesWithHeldMail()).containsExactly(STORE);

        Instant settingsChanged = T0.plusSeconds(3600);
        assertThat(queue().releaseHeld(settingsChanged)).isEqualTo(1);
        assertThat(queue().releaseHeld(settingsChanged)).isZero();
        assertThat(queue().storesWithHeldMail()).isEmpty();

        MessageView released = log().findMessage(id).orElseThrow();
        assertThat(released.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(released.nextAttemptAt()).isEqualTo(settingsChanged);
        assertThat(single(queue().claimDue(settingsChanged, 1, "w1", settingsChanged.plusSeconds(60))).id()).isEqualTo(id);
    }

    @Test
    void retryDeferredMakesTheGivenStoresDeferredMailDueNowButLeavesLeasedAndOtherStoresMailAlone() {
        UnitId other = UnitId.of("store-2");
        MessageId deferred = queue().enqueue(message(STORE, T0, "deferred", ANN));
        MessageId otherStore = queue().enqueue(message(other, T0, "other store", BOB));
        for (MessageId id : List.of(deferred, otherStore)) {
            single(queue().claimDue(T0, 1, "w1", T0.plusSeconds(60)));
            queue().recordAttempt(new DeliveryAttempt(id, T0, List.of(new RecipientOutcome(id == deferred ? ANN : BOB,
                    RecipientStatus.PENDING, LATER)), T0.plusSeconds(3600), false, false, "451 later"), "w1");
        }
        MessageId leased = queue().enqueue(message(STORE, T0, "in flight", CID));
        Instant leaseEnd = T0.plusSeconds(600);
        single(queue().claimDue(T0.plusSeconds(1), 1, "w2", leaseEnd));

        Instant fixed = T0.plusSeconds(120);
        assertThat(queue().retryDeferred(Set.of(STORE), fixed)).isEqualTo(1);
        assertThat(log().findMessage(deferred).orElseThrow().nextAttemptAt()).isEqualTo(fixed);
        assertThat(log().findMessage(otherStore).orElseThrow().nextAttemptAt()).isEqualTo(T0.plusSeconds(3600));
        assertThat(log().findMessage(leased).orElseThrow().nextAttemptAt()).isEqualTo(leaseEnd);
        assertThat(queue().retryDeferred(Set.of(STORE), fixed)).as("nothing deferred any more").isZero();
        assertThat(queue().retryDeferred(Set.of(), fixed)).isZero();
    }

    @Test
    void retryNowMakesUndeliveredRecipientsPendingAndDueNow() {
        MessageId id = queue().enqueue(message(STORE, T0, "x", ANN, BOB, CID));
        single(queue().claimDue(T0, 1, "w1", T0.plusSeconds(60)));
        queue().recordAttempt(new DeliveryAttempt(id, T0, List.of(new RecipientOutcome(ANN, RecipientStatus.DELIVERED, OK),
                new RecipientOutcome(BOB, RecipientStatus.FAILED, REFUSED),
                new RecipientOutcome(CID, RecipientStatus.EXPIRED, LATER)), null, false, true, "done"), "w1");
        Instant now = T0.plusSeconds(3600);

        assertThat(queue().retryNow(id, now)).isTrue();

        MessageView view = log().findMessage(id).orElseThrow();
        assertThat(view.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(view.nextAttemptAt()).isEqualTo(now);
        assertThat(view.recipients()).extracting(RecipientView::status)
                .containsExactly(RecipientStatus.DELIVERED, RecipientStatus.PENDING, RecipientStatus.PENDING);
        assertThat(single(queue().claimDue(now, 1, "w2", now.plusSeconds(60))).pendingRecipients()).containsExactly(BOB, CID);
    }

    @Test
    void retryNowRefusesDeliveredAndUnknownMessages() {
        MessageId id = queue().enqueue(message(STORE, T0, "x", ANN));
        single(queue().claimDue(T0, 1, "w1", T0.plusSeconds(60)));
        queue().recordAttempt(delivered(id, T0, ANN), "w1");

        assertThat(queue().retryNow(id, T0.plusSeconds(1))).isFalse();
        assertThat(queue().retryNow(new MessageId(id.value() + 1000), T0)).isFalse();
        assertThat(log().findMessage(id).orElseThrow().status()).isEqualTo(MessageStatus.DELIVERED);
    }

    @Test
    void discardFailsThePendingRecipientsOnlyAndIsNeverRetried() {
        MessageId id = queue().enqueue(message(STORE, T0, "x", ANN, BOB));
        single(queue().claimDue(T0, 1, "w1", T0.plusSeconds(60)));
        queue().recordAttempt(new DeliveryAttempt(id, T0, List.of(new RecipientOutcome(ANN, RecipientStatus.DELIVERED, OK),
                new RecipientOutcome(BOB, RecipientStatus.PENDING, LATER)), T0.plusSeconds(300), false, true, "later"), "w1");

        assertThat(queue().discard(id, T0.plusSeconds(10))).isTrue();

        MessageView view = log().findMessage(id).orElseThrow();
        assertThat(view.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(view.nextAttemptAt()).isNull();
        assertThat(view.recipients()).extracting(RecipientView::status)
                .containsExactly(RecipientStatus.DELIVERED, RecipientStatus.FAILED);
        assertThat(view.recipients().get(0).lastReply()).isNotEqualTo(MessageActionsPort.DISCARDED_REPLY);
        assertThat(view.recipients().get(1).lastReply()).isEqualTo(MessageActionsPort.DISCARDED_REPLY);
        assertThat(queue().claimDue(T0.plus(Duration.ofDays(10)), 10, "w2", T0.plus(Duration.ofDays(11)))).isEmpty();
        assertThat(queue().nextDueAt()).isEmpty();
        assertThat(queue().discard(id, T0.plusSeconds(20))).isFalse();
        assertThat(queue().discard(new MessageId(id.value() + 1000), T0)).isFalse();
    }

    @Test
    void discardRefusesAMessageWhileItsDeliveryIsUnderWayButNotAfterTheLeaseLapsed() {
        MessageId id = queue().enqueue(message(STORE, T0, "x", ANN));
        single(queue().claimDue(T0, 1, "w1", T0.plusSeconds(60)));

        assertThat(queue().discard(id, T0.plusSeconds(1))).isFalse();
        assertThat(log().findMessage(id).orElseThrow().status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(queue().recordAttempt(delivered(id, T0.plusSeconds(2), ANN), "w1")).isTrue();
        assertThat(log().findMessage(id).orElseThrow().status()).isEqualTo(MessageStatus.DELIVERED);

        MessageId crashed = queue().enqueue(message(STORE, T0, "y", BOB));
        single(queue().claimDue(T0, 1, "w1", T0.plusSeconds(60)));
        assertThat(queue().discard(crashed, T0.plusSeconds(61))).as("the lease of a crashed worker lapsed").isTrue();
        assertThat(log().findMessage(crashed).orElseThrow().status()).isEqualTo(MessageStatus.FAILED);
    }

    @Test
    void retryNowReleasesAHeldMessage() {
        MessageId id = queue().enqueue(message(STORE, T0, "x", ANN));
        single(queue().claimDue(T0, 1, "w1", T0.plusSeconds(60)));
        queue().recordAttempt(new DeliveryAttempt(id, T0, List.of(new RecipientOutcome(ANN, RecipientStatus.PENDING,
                UpstreamReply.noReply("held"))), T0.plus(Duration.ofDays(5)), true, false, "held"), "w1");

        assertThat(queue().retryNow(id, T0.plusSeconds(5))).isTrue();

        MessageView view = log().findMessage(id).orElseThrow();
        assertThat(view.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(view.nextAttemptAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void nextDueAtIsTheEarliestPendingTimeAndRespectsLeases() {
        assertThat(queue().nextDueAt()).isEmpty();
        queue().enqueue(message(STORE, T0, "1", ANN));
        queue().enqueue(message(STORE, T0.plusSeconds(100), "2", ANN));

        assertThat(queue().nextDueAt()).contains(T0);

        single(queue().claimDue(T0, 1, "w1", T0.plusSeconds(30)));
        assertThat(queue().nextDueAt()).contains(T0.plusSeconds(30));
    }

    @Test
    void theLogIsFilteredByUnitAndStatusNewestFirstAndPaged() {
        UnitId other = UnitId.of("STORE-1");
        MessageId a1 = queue().enqueue(message(STORE, T0, "a1", ANN));
        MessageId b1 = queue().enqueue(message(other, T0.plusSeconds(1), "b1", ANN));
        MessageId a2 = queue().enqueue(message(STORE, T0.plusSeconds(2), "a2", ANN));
        MessageId a3 = queue().enqueue(message(STORE, T0.plusSeconds(3), "a3", ANN));
        single(queue().claimDue(T0, 1, "w1", T0.plusSeconds(60)));
        queue().recordAttempt(delivered(a1, T0, ANN), "w1");

        assertThat(log().findMessages(new MessageQuery(null, null, 10, 0))).extracting(MessageView::id).containsExactly(a3, a2, b1, a1);
        assertThat(log().findMessages(new MessageQuery(STORE, null, 10, 0))).extracting(MessageView::id).containsExactly(a3, a2, a1);
        assertThat(log().findMessages(new MessageQuery(other, null, 10, 0))).extracting(MessageView::id).containsExactly(b1);
        assertThat(log().findMessages(new MessageQuery(null, MessageStatus.DELIVERED, 10, 0))).extracting(MessageView::id).containsExactly(a1);
        assertThat(log().findMessages(new MessageQuery(STORE, MessageStatus.QUEUED, 10, 0))).extracting(MessageView::id).containsExactly(a3, a2);
        assertThat(log().findMessages(new MessageQuery(null, null, 2, 1))).extracting(MessageView::id).containsExactly(a2, b1);
        assertThat(log().findMessages(new MessageQuery(null, MessageStatus.FAILED, 10, 0))).isEmpty();
        assertThat(log().findMessages(new MessageQuery(null, null, 10, 0)).get(0).recipients()).hasSize(1);
        assertThat(log().findMessage(new MessageId(a3.value() + 1000))).isEmpty();
        assertThat(log().countByStatus(null)).containsOnly(entry(MessageStatus.QUEUED, 3L), entry(MessageStatus.DELIVERED, 1L));
        assertThat(log().countByStatus(STORE)).containsOnly(entry(MessageStatus.QUEUED, 2L), entry(MessageStatus.DELIVERED, 1L));
        assertThat(log().countByStatus(UnitId.of("nobody"))).isEmpty();
    }

    @Test
    void aPostponedMessageIsDueLaterWithoutAnAttemptAndOnlyItsLeaseHolderMayPostponeIt() {
        MessageId id = queue().enqueue(message(STORE, T0, "later", ANN));
        single(queue().claimDue(T0, 10, "w1", T0.plusSeconds(60)));

        assertThat(queue().postpone(id, T0.plusSeconds(5), "w2")).isFalse();
        assertThat(queue().postpone(id, T0.plusSeconds(5), "w1")).isTrue();

        MessageView view = log().findMessage(id).orElseThrow();
        assertThat(view.nextAttemptAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(view.attempts()).isZero();
        assertThat(log().findAttempts(id)).isEmpty();
        assertThat(queue().claimDue(T0.plusSeconds(4), 10, "w2", T0.plusSeconds(60))).isEmpty();
        assertThat(single(queue().claimDue(T0.plusSeconds(5), 10, "w2", T0.plusSeconds(60))).id()).isEqualTo(id);
    }

    @Test
    void aMessageDeferredToItsSendSlotKeepsItForWhicheverWorkerClaimsItNextUntilItIsTried() {
        MessageId id = queue().enqueue(message(STORE, T0, "paced", ANN));
        assertThat(single(queue().claimDue(T0, 10, "w1", T0.plusSeconds(60))).sendSlot()).isNull();
        Instant slot = T0.plusMillis(2_040);
        queue().recordAttempt(new DeliveryAttempt(id, T0, List.of(new RecipientOutcome(ANN, RecipientStatus.PENDING,
                UpstreamReply.noReply("waiting for its turn"))), slot, false, false, "deferred"), "w1");

        ClaimedMessage again = single(queue().claimDue(slot, 10, "w2", slot.plusSeconds(60)));
        assertThat(again.sendSlot()).as("another worker (or process) sees the slot").isEqualTo(slot);
        assertThat(log().findMessage(id).orElseThrow().attempts()).as("a deferral is no attempt").isZero();

        queue().recordAttempt(new DeliveryAttempt(id, slot, List.of(new RecipientOutcome(ANN, RecipientStatus.PENDING, LATER)),
                slot.plusSeconds(300), false, true, "try later"), "w2");
        assertThat(single(queue().claimDue(slot.plusSeconds(300), 10, "w3", slot.plusSeconds(360))).sendSlot())
                .as("once tried, the slot is used up").isNull();
    }

    @Test
    void finishedMessagesOlderThanTheRetentionAreDeletedWithTheirHistoryAndPendingOnesAreKept() {
        Instant old = T0.minus(Duration.ofDays(40));
        MessageId stillQueued = queue().enqueue(message(STORE, old, "pending", ANN));
        single(queue().claimDue(old, 1, "w0", T0.plus(Duration.ofDays(1))));
        MessageId delivered = finish(old, old.plusSeconds(1), ANN, RecipientStatus.DELIVERED, OK);
        MessageId failed = finish(old, old.plusSeconds(1), BOB, RecipientStatus.FAILED, REFUSED);
        MessageId finishedLately = finish(old, T0.plusSeconds(1), CID, RecipientStatus.DELIVERED, OK);
        MessageId recent = queue().enqueue(message(STORE, T0.plusSeconds(5), "recent", ANN));

        assertThat(queue().deleteFinishedBefore(T0)).isEqualTo(2);

        assertThat(log().findMessage(delivered)).isEmpty();
        assertThat(log().findMessage(failed)).isEmpty();
        assertThat(log().findAttempts(delivered)).as("its attempt history went with it").isEmpty();
        assertThat(log().findMessage(stillQueued)).isPresent();
        assertThat(log().findMessage(finishedLately)).as("finished after the cutoff").isPresent();
        assertThat(log().findMessage(recent)).isPresent();
        assertThat(queue().deleteFinishedBefore(T0)).as("nothing left to delete").isZero();
    }

    @Test
    void theAttemptHistoryListsHoldsAndAttemptsOldestFirst() {
        MessageId id = queue().enqueue(message(STORE, T0, "x", ANN));
        single(queue().claimDue(T0, 1, "w1", T0.plusSeconds(60)));
        queue().recordAttempt(new DeliveryAttempt(id, T0.plusSeconds(1), List.of(new RecipientOutcome(ANN,
                RecipientStatus.PENDING, UpstreamReply.noReply("held"))), T0.plusSeconds(10), true, false, "held"), "w1");
        single(queue().claimDue(T0.plusSeconds(10), 1, "w1", T0.plusSeconds(70)));
        queue().recordAttempt(delivered(id, T0.plusSeconds(11), ANN), "w1");

        assertThat(log().findAttempts(id)).extracting(a -> a.at(), a -> a.counted(), a -> a.held(), a -> a.summary())
                .containsExactly(tuple(T0.plusSeconds(1), false, true, "held"), tuple(T0.plusSeconds(11), true, false, "delivered"));
        assertThat(log().findAttempts(new MessageId(id.value() + 1000))).isEmpty();
    }

    /** A message from a legacy shop, routed to {@code store} by its store header. */
    private static NewMessage message(UnitId store, Instant receivedAt, String body, EmailAddress... recipients) {
        byte[] content = ("From: Legacy Shop <app@legacy.example>\r\nSubject: test\r\n\r\n" + body + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        return new NewMessage(store, RoutingReason.STORE_HEADER, "X-Store-Id: " + store, new EmailAddress("app@legacy.example"),
                List.of(recipients), "Legacy Shop", MessageContent.ofBytes(content), "legacy-host", "127.0.0.1", receivedAt);
    }

    /** The upstream took the message for its one recipient. */
    private static DeliveryAttempt delivered(MessageId id, Instant at, EmailAddress recipient) {
        return new DeliveryAttempt(id, at, List.of(new RecipientOutcome(recipient, RecipientStatus.DELIVERED, OK)), null,
                false, true, "delivered");
    }

    /** A message received at {@code receivedAt} whose only recipient got its final status at {@code at}. */
    protected MessageId finish(Instant receivedAt, Instant at, EmailAddress recipient, RecipientStatus status,
                               UpstreamReply reply) {
        MessageId id = queue().enqueue(message(STORE, receivedAt, "finished", recipient));
        single(queue().claimDue(receivedAt, 1, "w1", receivedAt.plusSeconds(60)));
        assertThat(queue().recordAttempt(new DeliveryAttempt(id, at, List.of(new RecipientOutcome(recipient, status, reply)),
                null, false, true, status.name().toLowerCase(Locale.ROOT)), "w1")).isTrue();
        return id;
    }

    /** The one message claimed; fails the test if there were more or none. */
    protected static ClaimedMessage single(List<ClaimedMessage> claimed) {
        assertThat(claimed).hasSize(1);
        return claimed.get(0);
    }
}
