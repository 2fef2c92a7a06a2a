package dev.storerelay.application.service;

import dev.storerelay.domain.policy.PasswordGuessingPolicy;

import java.time.Duration;
import java.util.Objects;

/**
 * How passwords are checked: how long and how many correct ones are remembered, so a client that authenticates on
 * every connection does not pay a full PBKDF2 each time, and how fast wrong ones may be guessed.
 */
public record CredentialChecks(Duration verifiedFor, int maxVerified, PasswordGuessingPolicy guessing) {
    /** Ten minutes and a thousand remembered, with the default guessing policy. */
    public static final CredentialChecks DEFAULT = new CredentialChecks(Duration.ofMinutes(10), 1000,
            PasswordGuessingPolicy.DEFAULT);

    public CredentialChecks {
        Objects.requireNonNull(verifiedFor, "verifiedFor");
        Objects.requireNonNull(guessing, "guessing");
        if (maxVerified < 1) {
            throw new IllegalArgumentException("maxVerified must be at least 1: " + maxVerified);
        }
    }

    public CredentialChecks withGuessing(PasswordGuessingPolicy policy) {
        return new CredentialChecks(verifiedFor, maxVerified, policy);
    }
}
