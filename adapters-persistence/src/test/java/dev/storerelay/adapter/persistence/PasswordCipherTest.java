package dev.storerelay.adapter.persistence;

import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordCipherTest {
    private static final UnitId STORE = UnitId.of("store-1");
    private static final Secret PASSWORD = new Secret("p@ssw0rd-ü");
    private final PasswordCipher cipher = new PasswordCipher(key(1), new SecureRandom());

    @Test
    void decryptsWhatItEncrypted() {
        assertThat(cipher.decrypt(STORE, cipher.encrypt(STORE, PASSWORD))).isEqualTo(PASSWORD);
    }

    @Test
    void eachEncryptionUsesAFreshNonce() {
        byte[] first = cipher.encrypt(STORE, PASSWORD);
        byte[] second = cipher.encrypt(STORE, PASSWORD);

        assertThat(first).isNotEqualTo(second);
        assertThat(first[0]).isEqualTo((byte) 1);
    }

    @Test
    void theCiphertextIsBoundToItsUnit() {
        byte[] stored = cipher.encrypt(STORE, PASSWORD);

        assertThatThrownBy(() -> cipher.decrypt(UnitId.of("STORE-1"), stored))
                .isInstanceOf(PasswordCipher.PasswordDecryptionException.class)
                .hasMessageContaining("STORE-1")
                .hasMessageNotContaining(PASSWORD.reveal());
    }

    @Test
    void anotherKeyOrAlteredDataFails() {
        byte[] stored = cipher.encrypt(STORE, PASSWORD);
        byte[] tampered = stored.clone();
        tampered[tampered.length - 1] ^= 1;

        assertThatThrownBy(() -> new PasswordCipher(key(2), new SecureRandom()).decrypt(STORE, stored))
                .hasMessageContaining("store-1").hasMessageContaining("STORE_RELAY_MASTER_KEY");
        assertThatThrownBy(() -> cipher.decrypt(STORE, tampered)).isInstanceOf(PasswordCipher.PasswordDecryptionException.class);
        assertThatThrownBy(() -> cipher.decrypt(STORE, new byte[]{9, 1, 2})).isInstanceOf(PasswordCipher.PasswordDecryptionException.class);
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) seed);
        return key;
    }
}
