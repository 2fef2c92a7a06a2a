package dev.storerelay.application.service;

import dev.storerelay.application.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.application.port.out.RelayCredentialsPort.RelayCredential;
import dev.storerelay.domain.model.UnitId;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VerifiedCredentialCacheTest {
    private static final RelayCredential ERP = new RelayCredential(UnitId.of("s1"), "erp", "pbkdf2-sha256$1$a$b");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final VerifiedCredentialCache cache = new VerifiedCredentialCache(new SecureRandom(), Duration.ofMinutes(10), 3, clock);

    @Test
    void knowsWhatWasVerifiedAgainstTheSameStoredHash() {
        cache.remember("erp", "secret-password", ERP);

        assertThat(cache.isVerified("erp", "secret-password", ERP)).isTrue();
        assertThat(cache.isVerified("erp", "secret-passwort", ERP)).isFalse();
        assertThat(cache.isVerified("erp2", "secret-password", ERP)).isFalse();
        assertThat(cache.isVerified("er", "psecret-password", ERP)).isFalse();
        assertThat(cache.isVerified("erp", "secret-password", new RelayCredential(UnitId.of("s1"), "erp", "pbkdf2-sha256$1$a$c")))
                .as("the credential was changed, maybe by another process").isFalse();
        assertThat(cache.isVerified("erp", "secret-password", new RelayCredential(UnitId.of("s2"), "erp", ERP.passwordHash())))
                .isFalse();
    }

    @Test
    void entriesExpire() {
        cache.remember("erp", "secret-password", ERP);
        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(cache.isVerified("erp", "secret-password", ERP)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.isVerified("erp", "secret-password", ERP)).isFalse();
        assertThat(cache.size()).isZero();
    }

    @Test
    void forgettingAUnitDropsOnlyItsEntries() {
        RelayCredential other = new RelayCredential(UnitId.of("s2"), "pos", "pbkdf2-sha256$1$x$y");
        cache.remember("erp", "secret-password", ERP);
        cache.remember("pos", "other-password", other);

        cache.forget(UnitId.of("s1"));

        assertThat(cache.isVerified("erp", "secret-password", ERP)).isFalse();
        assertThat(cache.isVerified("pos", "other-password", other)).isTrue();
    }

    @Test
    void theSizeIsCappedDroppingTheOldest() {
        for (int i = 0; i < 5; i++) {
            cache.remember("user" + i, "secret-password", ERP);
        }
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.isVerified("user0", "secret-password", ERP)).isFalse();
        assertThat(cache.isVerified("user4", "secret-password", ERP)).isTrue();
    }
}
