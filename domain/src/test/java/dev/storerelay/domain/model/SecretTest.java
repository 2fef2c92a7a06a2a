package dev.storerelay.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretTest {

    @ParameterizedTest
    @ValueSource(strings = {"x", "hunter2", "correct horse battery staple"})
    void toStringNeverShowsTheValue(String value) {
        Secret secret = new Secret(value);
        assertThat(secret.toString()).isEqualTo("******").doesNotContain(value);
        assertThat(String.valueOf(List.of(secret))).doesNotContain(value);
        assertThat(secret.reveal()).isEqualTo(value);
    }

    @Test
    void recordsHoldingASecretDoNotLeakIt() {
        SmtpConnection connection = new SmtpConnection(new ServerAddress("mail.example.com"), null, "user",
                new Secret("hunter2"), SecureSocketOptions.NONE);
        assertThat(connection.toString()).doesNotContain("hunter2");
        assertThat(connection.upstreamLogin(UnitId.of("company")).orElseThrow().toString()).doesNotContain("hunter2");
        ConnectionPlan plan = new ConnectionPlan(connection.serverAddress(), 25, TlsBehaviour.PLAIN,
                connection.upstreamLogin(UnitId.of("company")).orElseThrow());
        assertThat(plan.toString()).doesNotContain("hunter2").contains("login user");
    }

    @Test
    void equalsComparesValues() {
        assertThat(new Secret("a")).isEqualTo(new Secret("a")).hasSameHashCodeAs(new Secret("a"));
        assertThat(new Secret("a")).isNotEqualTo(new Secret("b"));
    }

    @Test
    void refusesEmptyAndNull() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Secret(""));
        assertThatNullPointerException().isThrownBy(() -> new Secret(null));
    }
}
