package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerConfig;
import dev.storerelay.adapter.relay.ListenerSecurity;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ListenerConfigTest {

    @Test
    void defaultsBindLoopbackWithTheDocumentedLimits() {
        ListenerConfig config = ListenerConfig.defaults();
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(2525);
        assertThat(config.serverName()).isNotBlank().doesNotContain(" ");
        assertThat(config.maxMessageBytes()).isEqualTo(25L * 1024 * 1024);
        assertThat(config.maxRecipients()).isEqualTo(100);
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.maxConnections()).isEqualTo(200);
        assertThat(config.storeHeaderName()).isEqualTo("X-Store-Id");
        assertThat(config.maxConnectionsPerClient()).isEqualTo(50);
        assertThat(config.reservedConnections()).isEqualTo(50);
        assertThat(config.maxCommandLineOctets()).isEqualTo(512);
        assertThat(config.maxTextLineOctets()).isEqualTo(1000);
    }

    @Test
    void securityDefaultsOfferNoTlsAndAuthOnlyFromLoopback() {
        ListenerSecurity security = ListenerSecurity.defaults();
        assertThat(security.startTls()).isEmpty();
        assertThat(security.requireAuth()).isFalse();
        assertThat(security.plainTextAuth()).isFalse();
    }

    @Test
    void perClientLimitNeverExceedsTheOverallOneAndLineLimitsKeepTheRfcMinimums() {
        assertThat(config("relay", "X-Store-Id", 10).maxConnectionsPerClient()).isEqualTo(10);
        assertThatIllegalArgumentException().isThrownBy(() -> limits(10, 11, 512, 1000));
        assertThatIllegalArgumentException().isThrownBy(() -> limits(10, 0, 512, 1000));
        assertThatIllegalArgumentException().isThrownBy(() -> limits(10, 5, 511, 1000));
        assertThatIllegalArgumentException().isThrownBy(() -> limits(10, 5, 512, 999));
        assertThat(limits(10, 5, 2048, 4096).maxTextLineOctets()).isEqualTo(4096);
    }

    @Test
    void aQuarterOfTheConnectionsIsReservedByDefaultButNeverAllOfThem() {
        assertThat(config("relay", "X-Store-Id", 200).reservedConnections()).isEqualTo(50);
        assertThat(config("relay", "X-Store-Id", 10).reservedConnections()).isEqualTo(2);
        assertThat(config("relay", "X-Store-Id", 3).reservedConnections()).isEqualTo(1);
        assertThat(config("relay", "X-Store-Id", 2).reservedConnections()).isEqualTo(1);
        assertThat(config("relay", "X-Store-Id", 1).reservedConnections()).isZero();
        assertThat(reserving(10, 0).reservedConnections()).isZero();
        assertThat(reserving(10, 9).reservedConnections()).isEqualTo(9);
        assertThatIllegalArgumentException().isThrownBy(() -> reserving(10, 10));
        assertThatIllegalArgumentException().isThrownBy(() -> reserving(10, -1));
    }

    private static ListenerConfig reserving(int connections, int reserved) {
        return TestListenerConfigs.loopback().maxConnections(connections).maxConnectionsPerClient(connections)
                .reservedConnections(reserved).build();
    }

    private static ListenerConfig limits(int connections, int perClient, int commandLine, int textLine) {
        return TestListenerConfigs.loopback().maxConnections(connections).maxConnectionsPerClient(perClient)
                .lineLimits(commandLine, textLine).build();
    }

    @Test
    void refusesValuesThatWouldBreakTheProtocol() {
        assertThatIllegalArgumentException().isThrownBy(() -> config("relay\r\n250 x", "X-Store-Id", 1));
        assertThatIllegalArgumentException().isThrownBy(() -> config("relay", "X-Store Id:", 1));
        assertThatIllegalArgumentException().isThrownBy(() -> config("relay", "X-Store-Id", 0));
    }

    private static ListenerConfig config(String serverName, String header, int maxConnections) {
        return TestListenerConfigs.loopback().serverName(serverName).storeHeaderName(header)
                .maxConnections(maxConnections).build();
    }
}
