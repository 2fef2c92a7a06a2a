package dev.storerelay.application.service;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Slow, salted password hashes (PBKDF2-HMAC-SHA256, OWASP 2023 iteration count), encoded as
 * {@code pbkdf2-sha256$iterations$salt$hash} so the cost can be raised later without breaking stored hashes.
 */
public final class PasswordHashing {
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final String PREFIX = "pbkdf2-sha256";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256; tests pass fewer. */
    public static final int ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final SecureRandom random;
    private final int iterations;
    private volatile String decoy;

    public PasswordHashing(SecureRandom random, int iterations) {
        this.random = random;
        this.iterations = iterations;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derive(password, salt, iterations));
    }

    public boolean matches(String password, String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return false;
        }
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            byte[] expected = b64.decode(parts[3]);
            byte[] actual = derive(password, b64.decode(parts[2]), Integer.parseInt(parts[1]));
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException e) {
            // A corrupt stored hash (bad number, bad Base64, zero iterations) refuses the sign-in; it must not crash it.
            return false;
        }
    }

    /**
     * A hash of a random password, to compare against when a user does not exist, so timing does not tell. Made on
     * first use and then kept: it costs a full hash, which start-up need not pay.
     */
    public String decoy() {
        String made = decoy;
        if (made == null) {
            byte[] bytes = new byte[SALT_BYTES];
            random.nextBytes(bytes);
            made = hash(Base64.getEncoder().encodeToString(bytes));
            decoy = made;                                  // two threads may both make one; either serves
        }
        return made;
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        } finally {
            spec.clearPassword();
        }
    }
}
