package dev.storerelay.adapter.persistence;

import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.UnitId;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Encrypts stored secrets (SMTP passwords, OAuth 2.0 client secrets, keys and refresh tokens) with AES-256-GCM under
 * the master key. The stored form is {@code version || nonce || ciphertext+tag}; the unit id (and for every secret
 * but the password, which predates the others, its column) is the associated data, so a ciphertext copied to another
 * unit's row or another column does not decrypt.
 */
final class PasswordCipher {
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;          // NIST SP 800-38D §8.2: 96-bit random nonces
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKeySpec key;
    private final SecureRandom random;

    PasswordCipher(byte[] key, SecureRandom random) {
        if (key.length != MasterKey.KEY_BYTES) {
            throw new IllegalArgumentException("the master key must have " + MasterKey.KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.random = random;
    }

    byte[] encrypt(UnitId unit, Secret password) {
        return encrypt(unit, null, password);
    }

    /** A secret of {@code unit} kept in {@code column}. */
    byte[] encrypt(UnitId unit, String column, Secret password) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] plain = password.reveal().getBytes(StandardCharsets.UTF_8);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(unit, column));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt the SMTP password of unit " + unit, e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The password of {@code unit}; throws {@link PasswordDecryptionException} for a wrong key or tampered data. */
    Secret decrypt(UnitId unit, byte[] stored) {
        return decrypt(unit, null, stored);
    }

    /** The secret of {@code unit} kept in {@code column}; throws as {@link #decrypt(UnitId, byte[])}. */
    Secret decrypt(UnitId unit, String column, byte[] stored) {
        if (stored.length < 1 + NONCE_BYTES + TAG_BITS / Byte.SIZE || stored[0] != VERSION) {
            throw new PasswordDecryptionException(unit, column, "its stored form is not recognised", null);
        }
        byte[] plain = null;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData(unit, column));
            plain = cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
            return new Secret(new String(plain, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            // The cause says only "Tag mismatch"; it carries no secret.
            throw new PasswordDecryptionException(unit, column, "the master key (" + PersistenceConfig.MASTER_KEY_VARIABLE
                    + ") is not the one it was stored with, or the stored value was altered", e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static byte[] associatedData(UnitId unit, String column) {
        return ("store-relay/unit-settings/" + unit.value() + (column == null ? "" : "/" + column)).getBytes(StandardCharsets.UTF_8);
    }

    /** A stored secret that cannot be decrypted; names the unit and the column, never the secret. */
    static final class PasswordDecryptionException extends IllegalStateException {
        PasswordDecryptionException(UnitId unit, String column, String why, Throwable cause) {
            super("cannot decrypt the stored " + (column == null ? "SMTP password" : column) + " of unit " + unit + ": " + why, cause);
        }
    }
}
