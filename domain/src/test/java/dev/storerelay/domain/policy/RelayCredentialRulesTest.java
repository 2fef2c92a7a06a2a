package dev.storerelay.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.domain.model.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RelayCredentialRulesTest {
    private static final String GOOD_PASSWORD = "correct-horse-1";

    @ParameterizedTest
    @ValueSource(strings = {"erp", "store-12", "erp@legacy.local", "A!#$%&'*+/=?^_`{|}~"})
    void acceptsVisibleAsciiUserNames(String username) {
        assertThat(RelayCredentialRules.check(username, GOOD_PASSWORD)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "erp shop", "erp:1", "erp\r\n", "erp\u0000", "ërp", " erp"})
    void refusesOtherUserNames(String username) {
        assertThat(RelayCredentialRules.check(username, GOOD_PASSWORD)).extracting(Violation::field).containsExactly("username");
    }

    @Test
    void userNamesHaveALimit() {
        assertThat(RelayCredentialRules.check("u".repeat(128), GOOD_PASSWORD)).isEmpty();
        assertThat(RelayCredentialRules.check("u".repeat(129), GOOD_PASSWORD)).hasSize(1);
        assertThat(RelayCredentialRules.check(null, GOOD_PASSWORD)).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "12345678901|at least 12",
            "''|at least 12",
            "correct horse battery\\nstaple|one line",
            "correct horse battery\\rstaple|one line",
    })
    void refusesShortOrMultiLinePasswords(String password, String reason) {
        String actual = password.replace("\\n", "\n").replace("\\r", "\r");
        assertThat(RelayCredentialRules.check("erp", actual)).singleElement()
                .satisfies(v -> assertThat(v.field()).isEqualTo("password"))
                .satisfies(v -> assertThat(v.message()).contains(reason));
    }

    @Test
    void passwordLimits() {
        assertThat(RelayCredentialRules.check("erp", "123456789012")).isEmpty();
        assertThat(RelayCredentialRules.check("erp", "pässwörd mit ümlauten")).isEmpty();
        assertThat(RelayCredentialRules.check("erp", "p".repeat(1024))).isEmpty();
        assertThat(RelayCredentialRules.check("erp", "p".repeat(1025))).hasSize(1);
        assertThat(RelayCredentialRules.check("erp", "nul\u0000inside-it")).hasSize(1);
        assertThat(RelayCredentialRules.check("erp", null)).hasSize(1);
        assertThat(RelayCredentialRules.check("", "")).extracting(Violation::field).containsExactly("username", "password");
    }
}
