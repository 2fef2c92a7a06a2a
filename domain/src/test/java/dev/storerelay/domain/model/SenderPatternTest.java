package dev.storerelay.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SenderPatternTest {

    @ParameterizedTest
    @CsvSource({
            "erp@legacy.local, erp@legacy.local, false",
            "ERP@Legacy.LOCAL, ERP@legacy.local, false",
            "@legacy.local, @legacy.local, true",
            "@Legacy.Local, @legacy.local, true",
            "shop@[192.0.2.1], shop@[192.0.2.1], false",
    })
    void parsesAndNormalisesTheDomain(String text, String normalised, boolean domainPattern) {
        SenderPattern pattern = SenderPattern.parse(text).orElseThrow();
        assertThat(pattern).hasToString(normalised);
        assertThat(pattern.isDomainPattern()).isEqualTo(domainPattern);
        assertThat(SenderPattern.parse(normalised)).contains(pattern);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "@", "legacy.local", "erp@", "@@legacy.local", "erp@legacy.local\r\n",
            "@legacy.local\r\nBcc: x@y.z", "e rp@legacy.local", "@legacy .local", "<erp@legacy.local>", "*@legacy.local",
            "@*.legacy.local", "erp@legacy.local.", "@-legacy.local", "j\u00f6rg@legacy.local", "@b\u00e4ckerei.example"})
    void refusesWhatIsNeitherAnAddressNorADomain(String text) {
        assertThat(SenderPattern.parse(text)).isEmpty();
    }

    @Test
    void nullAndOverlongAreRefused() {
        assertThat(SenderPattern.parse(null)).isEmpty();
        assertThat(SenderPattern.parse("@" + "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + "."
                + "d".repeat(60) + "." + "e".repeat(60) + ".example")).isEmpty();
        assertThatThrownBy(() -> new SenderPattern(null, "Legacy.local")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SenderPattern("a b", "legacy.local")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
            "erp@legacy.local, erp@legacy.local, true",
            "erp@legacy.local, erp@LEGACY.local, true",
            "erp@legacy.local, ERP@legacy.local, false",
            "erp@legacy.local, erp2@legacy.local, false",
            "erp@legacy.local, erp@other.local, false",
            "@legacy.local, anyone@legacy.local, true",
            "@legacy.local, Anyone@Legacy.Local, true",
            "@legacy.local, erp@shop.legacy.local, false",
            "@legacy.local, erp@notlegacy.local, false",
            "@legacy.local, legacy.local@example.com, false",
            "@legacy.local, j\u00f6rg@legacy.local, true",
            "erp@legacy.local, \u00e9rp@legacy.local, false",
            "@xn--bckerei-5wa.example, j\u00f6rg@B\u00e4ckerei.example, true",
            "@xn--bckerei-5wa.example, kunde@xn--bckerei-5wa.example, true",
            "erp@xn--bckerei-5wa.example, erp@b\u00e4ckerei.example, true",
            "@backerei.example, j\u00f6rg@b\u00e4ckerei.example, false",
    })
    void matchesTheEnvelopeSender(String pattern, String sender, boolean matches) {
        assertThat(SenderPattern.parse(pattern).orElseThrow().matches(new EmailAddress(sender))).isEqualTo(matches);
    }

    @Test
    void theNullReversePathMatchesNothing() {
        assertThat(SenderPattern.parse("@legacy.local").orElseThrow().matches(null)).isFalse();
    }
}
