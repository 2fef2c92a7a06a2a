package dev.storerelay.delivery;

import static dev.storerelay.application.testing.RelayCommands.CONTENT;
import static dev.storerelay.application.testing.RelayCommands.CUSTOMER;
import static dev.storerelay.application.testing.RelayCommands.ERP;
import static dev.storerelay.application.testing.RelayCommands.command;
import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.in.RelayMessageCommand;
import dev.storerelay.application.port.in.RelayResult;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.service.RelayMessageService;
import dev.storerelay.application.testing.CountingSignal;
import dev.storerelay.application.testing.InMemoryMessageQueue;
import dev.storerelay.application.testing.InMemoryOrgUnits;
import dev.storerelay.application.testing.InMemoryUnitRouting;
import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.testing.MutableClock;
import dev.storerelay.domain.model.UnitId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listener's messages through {@link Submissions}: handed straight to a delivery thread, or queued due. */
class SubmissionsTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryOrgUnits units = new InMemoryOrgUnits(new InMemoryUnitSettings()).withOneStore();
    private final InMemoryMessageQueue queue = new InMemoryMessageQueue();
    private final CountingSignal signal = new CountingSignal();
    private final InMemoryUnitRouting routing = new InMemoryUnitRouting();

    @Test
    void anInMemoryMessageIsQueuedLeasedToTheHandoffAndHandedOverWithItsContent() {
        DeliveryHandoff handoff = new DeliveryHandoff("relay-1/handoff", 2, Duration.ofMinutes(5));
        RelayMessageService handingOff = new RelayMessageService(units, routing, new Submissions(queue, signal, handoff), clock);

        RelayResult.Accepted accepted = (RelayResult.Accepted) handingOff.relay(command(null, List.of("s1")));

        assertThat(queue.claimDue(T0.plusSeconds(60), 10, "other-worker", T0.plusSeconds(120)))
                .as("leased to the hand-off, no other worker may claim it").isEmpty();
        DeliveryHandoff.HandedOff handedOff = handoff.take().orElseThrow();
        ClaimedMessage handed = handedOff.message();
        assertThat(handed.id()).isEqualTo(accepted.id());
        assertThat(handedOff.insert().await(Duration.ZERO)).isEqualTo(new PendingInsert.Queued(accepted.id()));
        assertThat(handed.store()).isEqualTo(UnitId.of("s1"));
        assertThat(handed.pendingRecipients()).containsExactly(CUSTOMER);
        assertThat(handed.content()).isSameAs(CONTENT);
        assertThat(handed.attemptsMade()).isZero();
        assertThat(queue.claimDue(T0.plus(Duration.ofMinutes(5)), 10, "other-worker", T0.plus(Duration.ofMinutes(6))))
                .as("should this process die, the lease lapses and anyone may deliver it")
                .extracting(ClaimedMessage::id).containsExactly(accepted.id());
        assertThat(signal.count()).isEqualTo(1);
    }

    @Test
    void theMessageIdHeaderGoesWithTheMessageToTheQueueAndTheHandoffForTheLog() {
        DeliveryHandoff handoff = new DeliveryHandoff("relay-1/handoff", 2, Duration.ofMinutes(5));
        RelayMessageService handingOff = new RelayMessageService(units, routing, new Submissions(queue, signal, handoff), clock);
        RelayMessageCommand command = command(null, List.of("s1"));
        RelayMessageCommand withId = new RelayMessageCommand(command.clientName(), command.clientAddress(),
                command.authenticatedUnit(), command.envelopeSender(), command.recipients(), command.storeHeaderValues(),
                command.fromDisplayName(), command.content(), "<a1.17@erp.local>", null);

        RelayResult.Accepted accepted = (RelayResult.Accepted) handingOff.relay(withId);

        assertThat(queue.stored(accepted.id()).messageIdHeader()).isEqualTo("<a1.17@erp.local>");
        assertThat(handoff.take().orElseThrow().message().messageIdHeader()).isEqualTo("<a1.17@erp.local>");
    }

    @Test
    void withTheHandoffFullOrContentOnDiskTheMessageIsQueuedDueForAnyWorker() {
        DeliveryHandoff handoff = new DeliveryHandoff("relay-1/handoff", 1, Duration.ofMinutes(5));
        RelayMessageService handingOff = new RelayMessageService(units, routing, new Submissions(queue, signal, handoff), clock);
        handingOff.relay(command(null, List.of("s1")));
        MessageContent spooled = new MessageContent() {
            @Override
            public long size() {
                return CONTENT.size();
            }

            @Override
            public java.io.InputStream open() throws java.io.IOException {
                return CONTENT.open();
            }
        };

        RelayResult.Accepted overflow = (RelayResult.Accepted) handingOff.relay(command(null, List.of("s1")));
        handoff.take().orElseThrow();
        handoff.finished();
        RelayResult.Accepted onDisk = (RelayResult.Accepted) handingOff.relay(new RelayMessageCommand("erp.local", "127.0.0.1",
                null, ERP, List.of(CUSTOMER), List.of("s1"), "Orders", spooled, null, null));

        assertThat(queue.claimDue(T0, 10, "w1", T0.plusSeconds(60))).extracting(ClaimedMessage::id)
                .containsExactly(overflow.id(), onDisk.id());
        assertThat(handoff.take()).isEmpty();
    }
}
