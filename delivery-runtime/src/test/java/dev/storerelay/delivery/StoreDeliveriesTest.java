package dev.storerelay.delivery;


import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StoreDeliveriesTest {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    private static final UnitId NORTH = UnitId.of("north");
    private static final UnitId SOUTH = UnitId.of("south");

    private record Waiting(String name, UnitId store, Instant since) {
    }

    private final StoreDeliveries<Waiting> stores = new StoreDeliveries<>(Waiting::store, Waiting::since, 3);
    private final List<Waiting> stale = new ArrayList<>();

    @Test
    void aStoreHasNoMoreDeliveriesUnderWayThanItsCap() {
        assertThat(stores.tryStart(NORTH, 2)).isTrue();
        assertThat(stores.tryStart(NORTH, 2)).isTrue();
        assertThat(stores.tryStart(NORTH, 2)).isFalse();
        assertThat(stores.tryStart(SOUTH, 2)).as("each store counts its own").isTrue();

        stores.ended(NORTH);
        assertThat(stores.tryStart(NORTH, 2)).isTrue();
    }

    @Test
    void messagesWaitOldestFirstUpToTheLimitUnlessTheyMust() {
        Waiting first = new Waiting("first", NORTH, T0);
        Waiting second = new Waiting("second", NORTH, T0.plusSeconds(1));
        Waiting third = new Waiting("third", SOUTH, T0);
        assertThat(stores.await(first, false)).isTrue();
        assertThat(stores.await(second, false)).isTrue();
        assertThat(stores.await(third, false)).isTrue();
        assertThat(stores.room()).isZero();

        assertThat(stores.await(new Waiting("refused", NORTH, T0), false)).isFalse();
        assertThat(stores.await(new Waiting("handed off", NORTH, T0), true)).isTrue();
        assertThat(stores.room()).isEqualTo(-1);

        assertThat(stores.next(NORTH, T0.minusSeconds(60), stale::add)).contains(first);
        assertThat(stores.next(NORTH, T0.minusSeconds(60), stale::add)).contains(second);
        assertThat(stores.drain()).extracting(Waiting::name).containsExactlyInAnyOrder("handed off", "third");
        assertThat(stores.room()).isEqualTo(3);
        assertThat(stale).isEmpty();
    }

    @Test
    void aWaitingMessageIsTakenOnlyWhileItsStoreHasAFreeDelivery() {
        Waiting waiting = new Waiting("waiting", NORTH, T0);
        stores.await(waiting, false);
        assertThat(stores.tryStart(NORTH, 1)).isTrue();

        assertThat(stores.nextIfFree(NORTH, 1, T0.minusSeconds(60), stale::add)).as("the store is busy").isEmpty();
        stores.ended(NORTH);
        assertThat(stores.nextIfFree(NORTH, 1, T0.minusSeconds(60), stale::add)).contains(waiting);
        assertThat(stores.nextIfFree(NORTH, 1, T0.minusSeconds(60), stale::add)).as("taken once").isEmpty();
        assertThat(stores.nextIfFree(SOUTH, 1, T0.minusSeconds(60), stale::add)).as("nothing waits there").isEmpty();
    }

    @Test
    void aMessageThatWaitedTooLongGoesBackInsteadOfOut() {
        Waiting old = new Waiting("old", NORTH, T0);
        Waiting recent = new Waiting("recent", NORTH, T0.plusSeconds(40));
        stores.await(old, false);
        stores.await(recent, false);

        assertThat(stores.next(NORTH, T0.plusSeconds(30), stale::add)).contains(recent);
        assertThat(stale).containsExactly(old);
        assertThat(stores.room()).isEqualTo(3);
    }

    @Test
    void onlyStoresBelowTheirCapHaveAMessageReady() {
        Waiting north = new Waiting("north", NORTH, T0);
        Waiting south = new Waiting("south", SOUTH, T0);
        stores.await(north, false);
        stores.await(south, false);
        stores.tryStart(NORTH, 1);

        assertThat(stores.ready(store -> 1, T0.minusSeconds(60), stale::add)).containsExactly(south);
        stores.ended(NORTH);
        assertThat(stores.ready(store -> 1, T0.minusSeconds(60), stale::add)).containsExactly(north);
        assertThat(stores.ready(store -> 1, T0.minusSeconds(60), stale::add)).isEmpty();
    }
}
