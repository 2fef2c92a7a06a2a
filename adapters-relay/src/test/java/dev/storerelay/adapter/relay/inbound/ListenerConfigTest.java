package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerConfig;
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
    }

    @Test
    void refusesValuesThatWouldBreakTheProtocol() {
        assertThatIllegalArgumentException().isThrownBy(() -> config("relay\r\n250 x", "X-Store-Id", 1));
        assertThatIllegalArgumentException().isThrownBy(() -> config("relay", "X-Store Id:", 1));
        assertThatIllegalArgumentException().isThrownBy(() -> config("relay", "X-Store-Id", 0));
    }

    private static ListenerConfig config(String serverName, String header, int maxConnections) {
        return new ListenerConfig("127.0.0.1", 0, serverName, 1000, 10, Duration.ofSeconds(5), maxConnections, header);
    }
}
