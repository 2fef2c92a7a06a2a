package dev.storerelay.adapter.oauth2;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TokenLifetimeTest {

    @ParameterizedTest(name = "a token of {0} s is renewed {1} s before it expires")
    @CsvSource({
            "5400, 300",  // Entra ID's 60-90 minutes: at most 5 minutes early
            "3600, 300",  // Google's hour
            "1200, 120",  // a tenth
            "300, 30",    // at least 30 s
            "40, 20",     // but never more than half the lifetime
            "4, 2",       // the test server's 5-second tokens (expires_in 4): used for their first half
    })
    void theMarginIsATenthBetweenThirtySecondsAndFiveMinutesAndAtMostHalf(long lifetime, long margin) {
        assertThat(TokenLifetime.margin(Duration.ofSeconds(lifetime))).isEqualTo(Duration.ofSeconds(margin));
    }

    @ParameterizedTest
    @CsvSource({"3599, PT59M59S", "0, PT10M", "-1, PT10M"})
    void aLifetimeNotSaidIsTakenAsTenMinutes(long expiresIn, Duration lifetime) {
        assertThat(TokenLifetime.of(expiresIn)).isEqualTo(lifetime);
    }
}
