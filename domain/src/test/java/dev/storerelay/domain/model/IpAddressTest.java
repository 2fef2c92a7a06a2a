package dev.storerelay.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @ParameterizedTest
    @CsvSource({
            "192.0.2.7, 192.0.2.7, false",
            "0.0.0.0, 0.0.0.0, false",
            "255.255.255.255, 255.255.255.255, false",
            "::1, ::1, true",
            "::, ::, true",
            "2001:DB8::1, 2001:db8::1, true",
            "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1, true",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1, true",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1, true",
            "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0, true",
            "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8, true",
            "fe80::, fe80::, true",
            "::ffff:192.0.2.7, ::ffff:c000:207, true",
            "0:0:0:0:0:0:0:1, ::1, true",
    })
    void parsesAndPrintsCanonically(String text, String canonical, boolean ipv6) {
        IpAddress address = IpAddress.parse(text).orElseThrow();
        assertThat(address.toString()).isEqualTo(canonical);
        assertThat(address.ipv6()).isEqualTo(ipv6);
        assertThat(IpAddress.parse(canonical)).contains(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "localhost", "mail.example.com", "192.0.2", "192.0.2.7.1", "256.0.0.1", "1.2.3.-4",
            "010.0.0.1", "1..2.3", "192.0.2.7 ", "0x7f.0.0.1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3",
            ":::", "12345::", "g::1", "::1/128", "[::1]", "fe80::1%eth0", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::",
            "::ffff:300.0.0.1", "::1.2.3.4:5", "1.2.3.4::"})
    void refusesWhatIsNotOneAddress(String text) {
        assertThat(IpAddress.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"[::1], ::1", "fe80::1%eth0, fe80::1", "[fe80::1%25], fe80::1", " 192.0.2.7 , 192.0.2.7",
            "0:0:0:0:0:0:0:1, ::1"})
    void clientAddressesMayCarryBracketsAndAZone(String text, String expected) {
        assertThat(IpAddress.parseClient(text).map(IpAddress::toString)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"::ffff:192.0.2.7, 192.0.2.7", "::ffff:c000:0207, 192.0.2.7", "192.0.2.7, 192.0.2.7",
            "::192.0.2.7, ::c000:207", "2001:db8::1, 2001:db8::1"})
    void onlyIpv4MappedAddressesUnmap(String text, String unmapped) {
        assertThat(IpAddress.parse(text).orElseThrow().unmapped().toString()).isEqualTo(unmapped);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "127.255.0.9, true", "::1, true", "::ffff:127.0.0.1, true", "128.0.0.1, false",
            "126.0.0.1, false", "::2, false", "::, false", "10.0.0.1, false", "::ffff:10.0.0.1, false"})
    void knowsLoopback(String text, boolean loopback) {
        assertThat(IpAddress.parse(text).orElseThrow().isLoopback()).isEqualTo(loopback);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "::1, true", "::ffff:127.0.0.1, true", "0:0:0:0:0:0:0:1, true", "127.0.0.2, false",
            "127.1.0.1, false", "::ffff:127.0.0.2, false", "10.0.0.1, false", "::, false", "::2, false"})
    void knowsLoopbacksOwnAddress(String text, boolean own) {
        assertThat(IpAddress.parse(text).orElseThrow().isLoopbackOwnAddress()).isEqualTo(own);
    }
}
