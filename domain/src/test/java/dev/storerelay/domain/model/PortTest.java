package dev.storerelay.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 25, 465, 587, 2525, 65535})
    void acceptsOneTo65535(int value) {
        assertThat(new Port(value).value()).isEqualTo(value);
        assertThat(new Port(value)).hasToString(Integer.toString(value));
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 65536, 100000, Integer.MAX_VALUE})
    void refusesOutOfRange(int value) {
        assertThatIllegalArgumentException().isThrownBy(() -> new Port(value)).withMessageContaining(Integer.toString(value));
    }
}
