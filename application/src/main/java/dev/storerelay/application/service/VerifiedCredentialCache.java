package dev.storerelay.application.service;

import dev.storerelay.application.port.out.RelayCredentialsPort.RelayCredential;
import dev.storerelay.domain.model.UnitId;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Credentials verified recently (relay credentials, admin sign-ins), so that a legacy system that authenticates on every connection does not
 * pay a 600,000-iteration PBKDF2 each time. Keys are SHA-256 of a per-process random salt, the user name and the
 * password: the plain password is never kept, and a key says nothing outside this process. An entry is only
 * trusted while the stored credential still has the very hash it was verified against, so a changed or removed
 * credential (even by another relay process) is never served from here; {@link #forget} drops a unit's entries
 * at once as well. Entries live for {@code ttl}; the cache holds at most {@code maxEntries}.
 */
final class VerifiedCredentialCache {
    private final byte[] salt = new byte[32];
    private final Duration ttl;
    private final Clock clock;
    private final int maxEntries;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong remembered = new AtomicLong();

    /** @param owner what the credential belongs to: a unit id for relay credentials, the user name for admins */
    private record Entry(String owner, String passwordHash, Instant expiresAt, long order) {
    }

    VerifiedCredentialCache(SecureRandom random, Duration ttl, int maxEntries, Clock clock) {
        random.nextBytes(salt);
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxEntries = maxEntries;
    }

    /** Whether this user name and password were verified against exactly {@code stored} within the TTL. */
    boolean isVerified(String username, String password, RelayCredential stored) {
        return isVerified(username, password, stored.unit().value(), stored.passwordHash());
    }

    void remember(String username, String password, RelayCredential verified) {
        remember(username, password, verified.unit().value(), verified.passwordHash());
    }

    /** Drops every entry of the unit: its credential changed. */
    void forget(UnitId unit) {
        forget(unit.value());
    }

    /** Whether this user name and password were verified against exactly this owner's {@code passwordHash}. */
    boolean isVerified(String username, String password, String owner, String passwordHash) {
        String key = key(username, password);
        Entry entry = entries.get(key);
        if (entry == null) {
            return false;
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            entries.remove(key, entry);
            return false;
        }
        return entry.owner().equals(owner) && entry.passwordHash().equals(passwordHash);
    }

    void remember(String username, String password, String owner, String passwordHash) {
        Instant now = clock.instant();
        entries.put(key(username, password), new Entry(owner, passwordHash, now.plus(ttl), remembered.incrementAndGet()));
        if (entries.size() > maxEntries) {
            // Full: the lapsed go, else the oldest.
            entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
            while (entries.size() > maxEntries) {
                entries.entrySet().stream().min(Comparator.comparingLong(e -> e.getValue().order()))
                        .ifPresent(oldest -> entries.remove(oldest.getKey(), oldest.getValue()));
            }
        }
    }

    /** Drops every entry of the owner: its credential changed. */
    void forget(String owner) {
        entries.values().removeIf(e -> e.owner().equals(owner));
    }

    int size() {
        return entries.size();
    }

    private String key(String username, String password) {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(user.length).array());   // user "a", pw "bc" != "ab", "c"
            sha256.update(user);
            sha256.update(secret);
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
