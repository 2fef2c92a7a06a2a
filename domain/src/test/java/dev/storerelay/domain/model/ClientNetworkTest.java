package dev.storerelay.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientNetworkTest {

    @ParameterizedTest
    @CsvSource({
            "10.1.0.0/16, 10.1.0.0/16",
            "192.0.2.7, 192.0.2.7/32",
            "192.0.2.7/32, 192.0.2.7/32",
            "10.0.0.0/8, 10.0.0.0/8",
            "128.0.0.0/1, 128.0.0.0/1",
            "2001:db8::/32, 2001:db8::/32",
            "2001:DB8:0::/32, 2001:db8::/32",
            "::1/128, ::1/128",
            "::1, ::1/128",
            "::ffff:10.0.0.0/104, 10.0.0.0/8",
            "::ffff:192.0.2.7, 192.0.2.7/32",
            "fe80::/10, fe80::/10",
    })
    void parsesAndNormalises(String text, String canonical) {
        assertThat(ClientNetwork.problem(text)).isEmpty();
        assertThat(ClientNetwork.parse(text).map(ClientNetwork::toString)).contains(canonical);
        assertThat(ClientNetwork.parse(canonical)).isEqualTo(ClientNetwork.parse(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|Enter a network",
            "localhost|no host names",
            "10.1.0.0/|prefix length",
            "10.1.0.0/33|1-32",
            "2001:db8::/129|1-128",
            "10.1.0.0/-1|prefix length",
            "10.1.0.0/x|prefix length",
            "10.1.0.0/16/2|prefix length",
            "10.1.2.3/16|did you mean 10.1.0.0/16 or 10.1.2.3/32?",
            "2001:db8::1/32|did you mean 2001:db8::/32",
            "0.0.0.0/0|open relay",
            "::/0|open relay",
            "::ffff:0:0/96|open relay",
            "10.1.0.0 /16|address",
    })
    void refusesWithAReason(String text, String reason) {
        assertThat(ClientNetwork.problem(text)).hasValueSatisfying(p -> assertThat(p).contains(reason));
        assertThat(ClientNetwork.parse(text)).isEmpty();
    }

    @Test
    void lineBreaksAreRefused() {
        assertThat(ClientNetwork.parse("10.1.0.0/16\r\n")).isEmpty();
        assertThat(ClientNetwork.parse("10.1.0.0\n/16")).isEmpty();
    }

    @Test
    void nullIsNoNetwork() {
        assertThat(ClientNetwork.problem(null)).isPresent();
        assertThat(ClientNetwork.parse(null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "10.1.0.0/16, 10.1.0.0, true",
            "10.1.0.0/16, 10.1.255.255, true",
            "10.1.0.0/16, 10.2.0.1, false",
            "10.1.0.0/16, 10.0.255.255, false",
            "10.1.0.0/16, ::ffff:10.1.2.3, true",
            "10.1.0.0/16, ::ffff:10.2.2.3, false",
            "10.1.0.0/16, [::ffff:10.1.2.3], true",
            "192.0.2.7, 192.0.2.7, true",
            "192.0.2.7, 192.0.2.8, false",
            "128.0.0.0/1, 200.1.1.1, true",
            "128.0.0.0/1, 127.1.1.1, false",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "2001:db8::/32, 10.1.2.3, false",
            "2001:db8::/33, 2001:db8:8000::1, false",
            "::1/128, ::1, true",
            "::1/128, 0:0:0:0:0:0:0:1, true",
            "::1/128, 127.0.0.1, false",
            "fe80::/10, fe80::1%eth0, true",
            "10.1.0.0/16, 10.1.0.0.evil.example, false",
            "10.1.0.0/16, '', false",
            "2001:db8:1:2::/64, 2001:db8:1:2:ffff:ffff:ffff:ffff, true",
            "2001:db8:1:2::/64, 2001:db8:1:3::, false",
            "2001:db8:1:2:3:4::/96, 2001:db8:1:2:3:4:ffff:1, true",
            "2001:db8:1:2:3:4::/96, 2001:db8:1:2:3:5::1, false",
    })
    void containsClientAddresses(String network, String client, boolean contained) {
        assertThat(ClientNetwork.parse(network).orElseThrow().contains(client)).isEqualTo(contained);
    }

    @Test
    void nullClientIsOutside() {
        assertThat(ClientNetwork.parse("10.0.0.0/8").orElseThrow().contains((String) null)).isFalse();
    }

    @Test
    void theConstructorKeepsTheInvariants() {
        IpAddress host = IpAddress.parse("10.1.2.3").orElseThrow();
        assertThatThrownBy(() -> new ClientNetwork(host, 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientNetwork(host, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientNetwork(host, 33)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientNetwork(IpAddress.parse("::ffff:10.1.2.3").orElseThrow(), 128))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ClientNetwork(host, 32)).hasToString("10.1.2.3/32");
    }
}
