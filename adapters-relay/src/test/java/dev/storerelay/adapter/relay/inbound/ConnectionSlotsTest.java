package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.inbound.ConnectionSlots.Admission;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionSlotsTest {
    private final ConnectionSlots slots = new ConnectionSlots(10, 4, 3);

    @Test
    void clientsWithoutARightToTheReserveTakeAtMostTheUnreservedSlots() {
        for (int i = 0; i < 7; i++) {
            assertThat(slots.take(address(i / 4 + 2), false)).isEqualTo(Admission.ADMITTED);
        }
        assertThat(slots.take(address(9), false)).isEqualTo(Admission.RESERVED_ONLY);
        assertThat(slots.open()).isEqualTo(7);
    }

    @Test
    void clientsWithTheRightTakeTheReservedSlotsUntilAllAreTaken() {
        fillUnreserved();
        for (int i = 0; i < 3; i++) {
            assertThat(slots.take(address(1), true)).isEqualTo(Admission.ADMITTED);
        }
        assertThat(slots.take(address(1), true)).isEqualTo(Admission.FULL);
        assertThat(slots.take(address(50), false)).isEqualTo(Admission.FULL);
    }

    @Test
    void thePerClientLimitHoldsForClientsWithTheRightToo() {
        for (int i = 0; i < 4; i++) {
            assertThat(slots.take(address(1), true)).isEqualTo(Admission.ADMITTED);
        }
        assertThat(slots.take(address(1), true)).isEqualTo(Admission.CLIENT_FULL);
        assertThat(slots.take(address(2), false)).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void refusedConnectionsDoNotCountAndAClosedOneGivesItsSlotBack() {
        fillUnreserved();
        for (int i = 0; i < 100; i++) {
            assertThat(slots.take(address(60), false)).isEqualTo(Admission.RESERVED_ONLY);
        }
        assertThat(slots.open()).isEqualTo(7);
        slots.giveBack(address(10));
        assertThat(slots.take(address(60), false)).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void noMoreLookupsRunAtOnceThanThereAreReservedSlots() {
        assertThat(slots.startLookup()).isTrue();
        assertThat(slots.startLookup()).isTrue();
        assertThat(slots.startLookup()).isTrue();
        assertThat(slots.startLookup()).isFalse();
        slots.lookupDone();
        assertThat(slots.startLookup()).isTrue();
    }

    @Test
    void withoutAReserveEveryClientMayTakeEverySlot() {
        ConnectionSlots unreserved = new ConnectionSlots(2, 2, 0);
        assertThat(unreserved.take(address(5), false)).isEqualTo(Admission.ADMITTED);
        assertThat(unreserved.take(address(6), false)).isEqualTo(Admission.ADMITTED);
        assertThat(unreserved.take(address(1), true)).isEqualTo(Admission.FULL);
        assertThat(unreserved.startLookup()).isFalse();
    }

    private void fillUnreserved() {
        for (int i = 0; i < 7; i++) {
            assertThat(slots.take(address(10 + i), false)).isEqualTo(Admission.ADMITTED);
        }
    }

    private static InetAddress address(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
