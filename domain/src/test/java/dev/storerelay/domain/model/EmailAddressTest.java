package dev.storerelay.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"store12@example.com", "a@b.c", "no-reply@localhost", "first.last@example.com",
            "user+tag@example.com", "o'hara@example.ie", "x!#$%&'*+/=?^_`{|}~-@example.com", "UPPER@EXAMPLE.COM",
            "user@[192.0.2.1]", "user@[IPv6:2001:db8::1]"})
    void acceptsDotAtomAddresses(String address) {
        assertThat(EmailAddress.isValid(address)).isTrue();
        assertThat(new EmailAddress(address).value()).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "plain", "@example.com", "user@", "user@@example.com", "user@exa mple.com",
            "us er@example.com", " user@example.com", "user@example.com ", "user@example.com\r", "user@example.com\n",
            "user\r\n@example.com", "<user@example.com>", "user@example.com>", "<user@example.com", "us<er@example.com",
            "Store 12 <store12@example.com>", "\"Store 12\" <store12@example.com>", "store12@example.com (Store 12)",
            "\"quoted local\"@example.com", "\"user\"@example.com", ".user@example.com", "user.@example.com",
            "us..er@example.com", "user@-example.com", "user@example..com", "user@exa_mple.com", "user@::1",
            "a,b@example.com", "a;b@example.com", "a@b@c.com",
            "a\u0000@example.com"})
    void refusesAnythingThatIsNotOneBareAddress(String candidate) {
        assertThat(EmailAddress.isValid(candidate)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> new EmailAddress(candidate));
    }

    @ParameterizedTest
    @ValueSource(strings = {"j\u00f6rg@example.com", "user@b\u00e4ckerei.example", "\u00fc\u00f1\u00ee@b\u00e4ckerei.example",
            "\u7528\u6237@\u4f8b\u5b50.\u5e7f\u544a", "\u0434\u0438\u0440\u0435\u043a\u0442\u043e\u0440@\u0440\u0444.\u0440\u0444",
            "first.l\u00e4st+tag@example.com", "\uD83D\uDE00@example.com", "kunde@xn--bckerei-5wa.example"})
    void acceptsInternationalizedAddressesThatNeedSmtpUtf8(String address) {
        assertThat(EmailAddress.isValidInternationalized(address)).isTrue();
        EmailAddress email = new EmailAddress(address);
        assertThat(email.value()).isEqualTo(address);
        assertThat(email.needsSmtpUtf8()).isEqualTo(!address.chars().allMatch(c -> c < 0x80));
        assertThat(EmailAddress.isValid(address)).as("the ASCII-only check").isEqualTo(!email.needsSmtpUtf8());
    }

    @ParameterizedTest
    @ValueSource(strings = {"j\u00f6rg\u0085@example.com", "j\u00f6rg\u200B@example.com", "j\u00f6\u202Erg@example.com",
            "j\u00f6rg\u00A0x@example.com", "j\u00f6rg\u2028@example.com", "j\uFFFDrg@example.com", "j\u00f6rg@ex\uFFFDmple.com",
            "j\uD800rg@example.com", "j\u00f6rg\uFFFF@example.com", "j\u00f6rg @example.com", "j\u00f6..rg@example.com",
            ".j\u00f6rg@example.com", "j\u00f6rg@b\u00e4ckerei..example", "j\u00f6rg@b\u00e4cker ei.example",
            "j\u00f6rg@b\u00e4ckerei.example.", "j\u00f6rg@[192.0.2.1\u00e4]", "j\u00f6rg@-b\u00e4ckerei.example",
            "\"j\u00f6rg\"@example.com", "j\u00f6rg@example.com\r\nBcc: x@y.z", "j\u00f6rg<x>@example.com"})
    void refusesInternationalizedAddressesWithInvisibleOrBrokenCharacters(String candidate) {
        assertThat(EmailAddress.isValidInternationalized(candidate)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> new EmailAddress(candidate))
                .withMessageNotContaining("\r").withMessageNotContaining("\n");
    }

    @Test
    void internationalizedLengthsCountUtf8Octets() {
        assertThat(EmailAddress.isValidInternationalized("\u00e4".repeat(32) + "@example.com")).isTrue();   // 64 octets
        assertThat(EmailAddress.isValidInternationalized("\u00e4".repeat(32) + "a@example.com")).isFalse();
        String domain = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(52));   // 244
        assertThat(EmailAddress.isValidInternationalized("\u00e4".repeat(4) + "a@" + domain)).isTrue();   // 254 octets
        assertThat(EmailAddress.isValidInternationalized("\u00e4".repeat(5) + "@" + domain)).isFalse();   // 255
    }

    @ParameterizedTest
    @CsvSource({"j\u00f6rg@B\u00e4ckerei.Example, b\u00e4ckerei.example, xn--bckerei-5wa.example",
            "erp@Legacy.LOCAL, legacy.local, legacy.local", "a@[192.0.2.1], [192.0.2.1], [192.0.2.1]"})
    void theAsciiDomainSpellsULabelsAsALabels(String address, String domain, String asciiDomain) {
        assertThat(new EmailAddress(address).domain()).isEqualTo(domain);
        assertThat(new EmailAddress(address).asciiDomain()).isEqualTo(asciiDomain);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@b.c\r\nBcc: x@y.z", "a@b.c>\r\nRCPT TO:<x@y.z", "a@b.c\nBcc: x@y.z", "a@b.c\rData",
            "a@b.c> SIZE=1", "a@b.c>\r\n.\r\nMAIL FROM:<x@y.z>", "x@y.z\r\nSubject: hi\r\n\r\nbody"})
    void refusesHeaderAndCommandInjection(String candidate) {
        assertThat(EmailAddress.isValid(candidate)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> new EmailAddress(candidate))
                .withMessageNotContaining("\r").withMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@1.2.3.4", "a@example.com.", "a@[999.1.1.1]", "a@[IPv6:::::]", "a@[IPv6:1.2.3.4]"})
    void refusesDomainsThatAreNeitherANameNorAValidAddressLiteral(String candidate) {
        assertThat(EmailAddress.isValid(candidate)).isFalse();
    }

    @Test
    void localPartMayHaveAtMostSixtyFourCharacters() {
        assertThat(EmailAddress.isValid("a".repeat(64) + "@example.com")).isTrue();
        assertThat(EmailAddress.isValid("a".repeat(65) + "@example.com")).isFalse();
    }

    @Test
    void wholeAddressMayHaveAtMost254Characters() {
        String domain254 = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(52)); // 244
        String fits = "u".repeat(254 - 1 - domain254.length()) + "@" + domain254;
        assertThat(fits).hasSize(EmailAddress.MAX_LENGTH);
        assertThat(EmailAddress.isValid(fits)).isTrue();
        assertThat(EmailAddress.isValid("u" + fits)).isFalse();
    }

    @Test
    void refusesNull() {
        assertThat(EmailAddress.isValid(null)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"Store12@Example.COM, Store12, example.com", "a@[192.0.2.1], a, [192.0.2.1]"})
    void splitsLocalPartAndLowerCasedDomain(String address, String local, String domain) {
        EmailAddress email = new EmailAddress(address);
        assertThat(email.localPart()).isEqualTo(local);
        assertThat(email.domain()).isEqualTo(domain);
        assertThat(email).hasToString(address);
    }
}
