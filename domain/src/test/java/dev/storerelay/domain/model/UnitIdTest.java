package dev.storerelay.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"S1", "store-12", "region_north", "A", "0", "-", "_",
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"})
    void acceptsOneToSixtyFourLettersDigitsDashesAndUnderscores(String value) {
        assertThat(UnitId.isValid(value)).isTrue();
        assertThat(new UnitId(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "S 1", " S1", "S1 ", "S1\r\n", "S1\n", "S1\u0000", "a.b", "a/b", "a@b", "ä",
            "S1;DROP", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_x"})
    void refusesAnythingElse(String value) {
        assertThat(UnitId.isValid(value)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> new UnitId(value));
    }

    @Test
    void refusesNull() {
        assertThat(UnitId.isValid(null)).isFalse();
        assertThatNullPointerException().isThrownBy(() -> new UnitId(null));
    }

    @Test
    void isCaseSensitive() {
        assertThat(UnitId.of("S1")).isNotEqualTo(UnitId.of("s1"));
    }

    @Test
    void errorMessageEscapesControlCharacters() {
        assertThatIllegalArgumentException().isThrownBy(() -> new UnitId("S1\r\nX"))
                .withMessageContaining("S1\\x0d\\x0aX")
                .withMessageNotContaining("\r");
    }

    @Test
    void ordersByValue() {
        assertThat(UnitId.of("a").compareTo(UnitId.of("b"))).isNegative();
        assertThat(UnitId.of("S1")).hasToString("S1");
    }
}
