package dev.storerelay.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.domain.model.ClientNetwork;
import dev.storerelay.domain.model.RoutingTable;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubmitterPolicyTest {
    private static final RoutingTable TABLE = RoutingTable.of(List.of(new UnitRouting(UnitId.of("s1"), List.of(),
            List.of(ClientNetwork.parse("10.1.0.0/16").orElseThrow(), ClientNetwork.parse("2001:db8::/32").orElseThrow()))));

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, true",
            "127.8.9.10, true",
            "::1, true",
            "0:0:0:0:0:0:0:1, true",
            "::ffff:127.0.0.1, true",
            "[::1], true",
            "10.1.200.1, true",
            "::ffff:10.1.200.1, true",
            "2001:db8::25, true",
            "10.2.0.1, false",
            "192.0.2.7, false",
            "2001:db9::1, false",
            "::, false",
            "0.0.0.0, false",
            "localhost, false",
            "'', false",
    })
    void loopbackAndClientNetworksMaySubmitWithoutAuthentication(String client, boolean allowed) {
        assertThat(SubmitterPolicy.mayRelayWithoutAuthentication(client, TABLE)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, true",
            "::1, true",
            "::ffff:127.0.0.1, true",
            "[::1], true",
            "10.1.200.1, true",
            "::ffff:10.1.200.1, true",
            "2001:db8::25, true",
            "127.0.0.2, false",
            "127.8.9.10, false",
            "::ffff:127.0.0.3, false",
            "10.2.0.1, false",
            "localhost, false",
            "'', false",
    })
    void loopbacksOwnAddressAndClientNetworksMayUseTheReservedConnections(String client, boolean allowed) {
        assertThat(SubmitterPolicy.mayUseReservedConnection(client, TABLE)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "::1, true", "10.1.200.1, false", "localhost, false"})
    void withoutNetworksOnlyLoopbackMay(String client, boolean allowed) {
        assertThat(SubmitterPolicy.mayRelayWithoutAuthentication(client, RoutingTable.empty())).isEqualTo(allowed);
        assertThat(SubmitterPolicy.isLoopback(client)).isEqualTo(allowed);
    }
}
