package dev.storerelay.application.service;

import dev.storerelay.application.testing.InMemoryUnitRouting;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckSubmitterServiceTest {
    private final InMemoryUnitRouting routing = new InMemoryUnitRouting()
            .with("s1", List.of(), List.of("10.1.0.0/16"))
            .with("s2", List.of("@legacy.local"), List.of("2001:db8::/32"));
    private final CheckSubmitterService service = new CheckSubmitterService(routing);

    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "::1, true", "::ffff:127.0.0.1, true", "10.1.2.3, true", "::ffff:10.1.2.3, true",
            "2001:db8::7, true", "10.2.0.1, false", "192.0.2.7, false", "not-an-ip, false"})
    void loopbackAndClientNetworksMaySubmitWithoutAuthentication(String client, boolean allowed) {
        assertThat(service.mayRelayWithoutAuthentication(client)).isEqualTo(allowed);
    }

    @Test
    void loopbackIsAnsweredWithoutLoadingTheNetworks() {
        service.mayRelayWithoutAuthentication("127.0.0.1");
        assertThat(routing.tableLoads()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "::1, true", "10.1.2.3, ", "192.0.2.7, "})
    void onlyLoopbackIsAnsweredWithoutALookup(String client, Boolean atOnce) {
        assertThat(service.answerWithoutLookup(client)).isEqualTo(java.util.Optional.ofNullable(atOnce));
        assertThat(routing.tableLoads()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "::1, true", "::ffff:127.0.0.1, true", "10.1.2.3, true", "2001:db8::7, true",
            "127.0.0.2, false", "127.9.9.9, false", "192.0.2.7, false", "not-an-ip, false"})
    void loopbacksOwnAddressAndClientNetworksMayUseTheReservedConnections(String client, boolean allowed) {
        assertThat(service.mayUseReservedConnection(client)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "::1, true", "127.0.0.2, ", "10.1.2.3, "})
    void onlyLoopbacksOwnAddressGetsAReservedConnectionWithoutALookup(String client, Boolean atOnce) {
        assertThat(service.reservedConnectionWithoutLookup(client)).isEqualTo(java.util.Optional.ofNullable(atOnce));
        assertThat(routing.tableLoads()).isZero();
    }

    @Test
    void aLoopbackAddressInAClientNetworkMayUseTheReservedConnections() {
        routing.with("s3", List.of(), List.of("127.0.0.9/32"));
        assertThat(service.mayUseReservedConnection("127.0.0.9")).isTrue();
        assertThat(service.mayUseReservedConnection("127.0.0.10")).isFalse();
    }

    @Test
    void aChangedNetworkCountsForTheNextConnection() {
        assertThat(service.mayRelayWithoutAuthentication("192.0.2.7")).isFalse();
        routing.with("s3", List.of(), List.of("192.0.2.0/24"));
        assertThat(service.mayRelayWithoutAuthentication("192.0.2.7")).isTrue();
        routing.clear();
        assertThat(service.mayRelayWithoutAuthentication("10.1.2.3")).isFalse();
    }
}
