package dev.storerelay.application.service;

import static dev.storerelay.application.testing.RelayCommands.CONTENT;
import static dev.storerelay.application.testing.RelayCommands.CUSTOMER;
import static dev.storerelay.application.testing.RelayCommands.ERP;
import static dev.storerelay.application.testing.RelayCommands.command;
import dev.storerelay.application.testing.MutableClock;
import dev.storerelay.application.testing.CountingSignal;
import dev.storerelay.application.testing.InMemoryMessageQueue;
import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.testing.InMemoryOrgUnits;
import dev.storerelay.application.testing.InMemoryUnitRouting;
import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.SubmitMessagePort;
import dev.storerelay.application.port.in.RelayMessageCommand;
import dev.storerelay.application.port.in.RelayResult;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.domain.model.RoutingDecision.Refusal;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.UnitId;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RelayMessageServiceTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryUnitSettings settings = new InMemoryUnitSettings();
    private final InMemoryOrgUnits units = new InMemoryOrgUnits(settings).withTwoStores();
    private final InMemoryMessageQueue queue = new InMemoryMessageQueue();
    private final CountingSignal signal = new CountingSignal();
    private final InMemoryUnitRouting routing = new InMemoryUnitRouting();
    private final SubmitMessagePort submissions = message -> {
        MessageId id = queue.enqueue(message);
        signal.messagesDue();
        return id;
    };
    private final RelayMessageService service = new RelayMessageService(units, routing, submissions, clock);

    @Test
    void routesByTheStoreHeaderEnqueuesAndSignals() {
        RelayResult result = service.relay(command(null, List.of("s1")));
        assertThat(result).isInstanceOf(RelayResult.Accepted.class);
        RelayResult.Accepted accepted = (RelayResult.Accepted) result;
        assertThat(accepted.store()).isEqualTo(UnitId.of("s1"));

        NewMessage stored = queue.stored(accepted.id());
        assertThat(stored.store()).isEqualTo(UnitId.of("s1"));
        assertThat(stored.routingReason()).isEqualTo(RoutingReason.STORE_HEADER);
        assertThat(stored.routingExplanation()).contains("s1");
        assertThat(stored.envelopeSender()).isEqualTo(ERP);
        assertThat(stored.recipients()).containsExactly(CUSTOMER);
        assertThat(stored.fromDisplayName()).isEqualTo("Orders");
        assertThat(stored.content()).isSameAs(CONTENT);
        assertThat(stored.clientName()).isEqualTo("erp.local");
        assertThat(stored.clientAddress()).isEqualTo("127.0.0.1");
        assertThat(stored.receivedAt()).isEqualTo(T0);
        assertThat(signal.count()).isEqualTo(1);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(null, List.of("s9"), Refusal.UNKNOWN_STORE, "s9"),
                Arguments.of(null, List.of("not a store!"), Refusal.UNKNOWN_STORE, "not a store!"),
                Arguments.of(null, List.of("s1", "s2"), Refusal.AMBIGUOUS_STORE, "s2"),
                Arguments.of("s1", List.of("s2"), Refusal.OTHER_STORE_CLAIMED, "s2"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusedMessagesAreNeverEnqueued(String authenticated, List<String> headers, Refusal refusal, String named) {
        RelayResult result = service.relay(command(authenticated, headers));
        assertThat(result).isInstanceOf(RelayResult.Refused.class);
        assertThat(((RelayResult.Refused) result).refusal()).isEqualTo(refusal);
        assertThat(((RelayResult.Refused) result).explanation()).contains(named);
        assertThat(queue.size()).isZero();
        assertThat(signal.count()).isZero();
    }

    @Test
    void withoutUnitsMailIsRefusedTemporarily() {
        InMemoryOrgUnits none = new InMemoryOrgUnits(new InMemoryUnitSettings());
        RelayResult result = new RelayMessageService(none, routing, submissions, clock).relay(command(null, List.of()));
        assertThat(((RelayResult.Refused) result).refusal()).isEqualTo(Refusal.NO_UNITS);
        assertThat(queue.size()).isZero();
    }

    @Test
    void anAuthenticatedClientGoesToItsStore() {
        RelayResult.Accepted accepted = (RelayResult.Accepted) service.relay(command("s2", List.of()));
        assertThat(accepted.store()).isEqualTo(UnitId.of("s2"));
        assertThat(queue.stored(accepted.id()).routingReason()).isEqualTo(RoutingReason.AUTHENTICATED_CLIENT);
    }

    @Test
    void withoutHeaderMailGoesToTheRoot() {
        RelayResult.Accepted accepted = (RelayResult.Accepted) service.relay(command(null, List.of()));
        assertThat(accepted.store()).isEqualTo(UnitId.of("company"));
        assertThat(queue.stored(accepted.id()).routingReason()).isEqualTo(RoutingReason.ROOT_UNIT);
    }

    @Test
    void theNullReversePathIsKept() {
        RelayResult.Accepted accepted = (RelayResult.Accepted) service.relay(new RelayMessageCommand("erp", "::1", null,
                null, List.of(CUSTOMER), List.of("s1"), null, CONTENT, null, null));
        assertThat(queue.stored(accepted.id()).envelopeSender()).isNull();
        assertThat(queue.view(accepted.id()).envelopeSender()).isEmpty();
    }

    @Test
    void eachMessageGetsItsOwnId() {
        RelayResult.Accepted first = (RelayResult.Accepted) service.relay(command(null, List.of("s1")));
        RelayResult.Accepted second = (RelayResult.Accepted) service.relay(command(null, List.of("s1")));
        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(signal.count()).isEqualTo(2);
    }

    @Test
    void theEnvelopeSendersPatternDecidesWithoutHeader() {
        routing.with("s1", List.of("@legacy.local"), List.of()).with("s2", List.of("erp@legacy.local"), List.of());

        RelayResult.Accepted accepted = (RelayResult.Accepted) service.relay(command(null, List.of()));

        assertThat(accepted.store()).isEqualTo(UnitId.of("s2"));
        NewMessage stored = queue.stored(accepted.id());
        assertThat(stored.routingReason()).isEqualTo(RoutingReason.SENDER_PATTERN);
        assertThat(stored.routingExplanation()).contains("erp@legacy.local", "s2");
    }

    @Test
    void theClientNetworkDecidesWhenNoPatternMatches() {
        routing.with("s1", List.of("@other.local"), List.of("10.1.0.0/16"));

        RelayResult.Accepted accepted = (RelayResult.Accepted) service.relay(new RelayMessageCommand("erp.local", "::ffff:10.1.2.3",
                null, ERP, List.of(CUSTOMER), List.of(), null, CONTENT, null, null));

        assertThat(accepted.store()).isEqualTo(UnitId.of("s1"));
        assertThat(queue.stored(accepted.id()).routingReason()).isEqualTo(RoutingReason.CLIENT_NETWORK);
        assertThat(queue.stored(accepted.id()).routingExplanation()).contains("10.1.0.0/16");
    }

    @Test
    void theHeaderStillBeatsPatterns() {
        routing.with("s2", List.of("@legacy.local"), List.of("127.0.0.0/8"));

        RelayResult.Accepted accepted = (RelayResult.Accepted) service.relay(command(null, List.of("s1")));

        assertThat(accepted.store()).isEqualTo(UnitId.of("s1"));
        assertThat(queue.stored(accepted.id()).routingReason()).isEqualTo(RoutingReason.STORE_HEADER);
    }
}
