package dev.storerelay.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHashingTest {
    private final PasswordHashing hashing = new PasswordHashing(new SecureRandom(), 1000);

    @ParameterizedTest
    @ValueSource(strings = {"x", "correct horse battery staple", "p\u00e4ssw\u00f6rd", "with$dollar$signs"})
    void aHashMatchesOnlyItsPassword(String password) {
        String hash = hashing.hash(password);
        assertThat(hash).startsWith("pbkdf2-sha256$1000$");
        assertThat(hashing.matches(password, hash)).isTrue();
        assertThat(hashing.matches(password + "x", hash)).isFalse();
        assertThat(hashing.matches("", hash)).isFalse();
    }

    @Test
    void theHashNeverHoldsThePassword() {
        // Space and '-' never occur in Base64, so a match would be the password itself.
        assertThat(hashing.hash("correct horse-battery")).doesNotContain("correct horse-battery");
    }

    @Test
    void theSamePasswordGetsDifferentSalts() {
        assertThat(hashing.hash("pw")).isNotEqualTo(hashing.hash("pw"));
    }

    @Test
    void hashesKeepTheirOwnIterationCount() {
        String older = new PasswordHashing(new SecureRandom(), 500).hash("pw");
        assertThat(hashing.matches("pw", older)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plaintext", "md5$abc", "pbkdf2-sha1$1000$AAAA$AAAA", "pbkdf2-sha256$1000$AAAA"})
    void foreignFormatsNeverMatch(String stored) {
        assertThat(hashing.matches("plaintext", stored)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pbkdf2-sha256$abc$AAAA$AAAA", "pbkdf2-sha256$1000$!!$AAAA", "pbkdf2-sha256$0$AAAA$AAAA"})
    void corruptHashesNeverMatch(String stored) {
        assertThat(hashing.matches("x", stored)).isFalse();
    }
}
