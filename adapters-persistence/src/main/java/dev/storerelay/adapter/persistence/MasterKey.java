package dev.storerelay.adapter.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/** The AES-256 key that encrypts stored SMTP passwords: given by the operator, or generated once into the data dir. */
final class MasterKey {
    static final int KEY_BYTES = 32;

    private MasterKey() {
    }

    /** The key of the configuration; reads {@code <dataDir>/master.key}, creating it owner-only when missing. */
    static byte[] resolve(PersistenceConfig config, SecureRandom random) {
        if (config.explicitMasterKey().isPresent()) {
            return decode(config.explicitMasterKey().get(), PersistenceConfig.MASTER_KEY_VARIABLE);
        }
        Path file = config.masterKeyFile();
        try {
            if (!Files.exists(file)) {
                generate(file, random);
            }
            return decode(Files.readString(file, StandardCharsets.US_ASCII),
                    "the master key file " + file + " (or set " + PersistenceConfig.MASTER_KEY_VARIABLE + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key file " + file, e);
        }
    }

    /** Decodes base64 of exactly 32 bytes; {@code source} names where the value came from, never the value. */
    static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is not valid base64; it must be the base64 of "
                    + KEY_BYTES + " random bytes (e.g. openssl rand -base64 " + KEY_BYTES + ")");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(source + " must be the base64 of " + KEY_BYTES
                    + " random bytes (e.g. openssl rand -base64 " + KEY_BYTES + "), not of " + key.length + " bytes");
        }
        return key;
    }

    private static void generate(Path file, SecureRandom random) throws IOException {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        try {
            OwnerOnlyFile.create(file, Base64.getEncoder().encodeToString(key));
        } catch (FileAlreadyExistsException raceWithAnotherProcess) {
            // theirs is used: read below
        }
    }
}
