package dev.storerelay.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "mail.example.com", "smtp-relay.example.co.uk", "MAIL.Example.COM",
            "mail.example.com.", "a", "a1.b2", "xn--mnchen-3ya.de", "1mail.example.com"})
    void acceptsHostNames(String host) {
        assertThat(ServerAddress.isValid(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "127.0.0.1", "192.0.2.1", "255.255.255.255", "10.0.0.254"})
    void acceptsIpv4Literals(String address) {
        assertThat(ServerAddress.isValid(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8:0:0:0:0:0:1", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "::1", "::", "1::",
            "2001:db8::1", "fe80::1:2", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6::8", "::ffff:192.0.2.1",
            "::FFFF:192.0.2.1", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:192.0.2.1", "::192.0.2.1"})
    void acceptsIpv6LiteralsIncludingCompressedAndV4Mapped(String address) {
        assertThat(ServerAddress.isValid(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "mail example.com", " mail.example.com", "mail.example.com ", "a..b", ".a.com",
            "-a.com", "a-.com", "a.-b.com", "mail_server.com", "mail.example.com/x", "user@mail.example.com",
            "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.-4", "999.999.999.999", "example.123",
            "mail.example.com\r", "mail.example.com\n", "mail.example.com\r\nRCPT TO:<x@y.z>", "mail\u0000.com",
            "[::1]", "[192.0.2.1]", "1.2.3.4:25", "mail.example.com:25", "ma\u00efl.example.com", "."})
    void refusesMalformedHostNamesAndIpv4(String candidate) {
        assertThat(ServerAddress.isValid(candidate)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> new ServerAddress(candidate));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", "1:::2", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:",
            "12345::1", "g::1", "::ffff:256.0.0.1", "::ffff:1.2.3", "1:2:3:4:5:6:7:192.0.2.1", "1:2:3:4:5:6:7:8::",
            "fe80::1%eth0", ":", ":::", "::1 ", "::1\r\n"})
    void refusesMalformedIpv6(String candidate) {
        assertThat(ServerAddress.isValid(candidate)).isFalse();
    }

    @Test
    void refusesNullAndOverlongNames() {
        String label = "a".repeat(63);
        String longName = String.join(".", label, label, label, label);       // 255 characters
        assertThat(ServerAddress.isValid(null)).isFalse();
        assertThat(ServerAddress.isValid(longName)).isFalse();
        assertThat(ServerAddress.isValid(longName.substring(0, 253))).isTrue();
        assertThat(ServerAddress.isValid("a".repeat(64) + ".com")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"MAIL.Example.COM, mail.example.com", "::FFFF:192.0.2.1, ::ffff:192.0.2.1", "192.0.2.1, 192.0.2.1"})
    void isStoredLowerCase(String given, String stored) {
        assertThat(new ServerAddress(given).value()).isEqualTo(stored);
        assertThat(new ServerAddress(given)).hasToString(stored);
    }

    @Test
    void errorMessageDoesNotEchoLineBreaks() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ServerAddress("a\r\nb"))
                .withMessageNotContaining("\n");
    }
}
