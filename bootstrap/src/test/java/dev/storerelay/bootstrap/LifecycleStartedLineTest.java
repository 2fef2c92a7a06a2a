package dev.storerelay.bootstrap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LifecycleStartedLineTest {

    @Test
    void theLastStartUpLineNamesTheAdminPageFirstThenTheApi() {
        assertThat(Lifecycle.startedLine("127.0.0.1", 2525, "127.0.0.1", 8080, "127.0.0.1", 8081)).isEqualTo(
                "store-relay started: admin page on http://127.0.0.1:8080/admin (JSON API http://127.0.0.1:8080/api), "
                        + "SMTP on 127.0.0.1:2525, management on http://127.0.0.1:8081");
    }

    @Test
    void aWildcardBindIsShownAsLocalhostAndAnIpv6AddressInBrackets() {
        assertThat(Lifecycle.startedLine("0.0.0.0", 25, "0.0.0.0", 8080, "::1", 8081))
                .contains("admin page on http://localhost:8080/admin", "management on http://[::1]:8081");
    }
}
