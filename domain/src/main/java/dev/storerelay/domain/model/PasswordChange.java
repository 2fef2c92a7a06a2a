package dev.storerelay.domain.model;

import java.util.Objects;

/**
 * What a settings update does to a write-only secret (the password, an OAuth 2.0 client secret, key or refresh token):
 * keep the stored one, clear it, or replace it.
 */
public sealed interface PasswordChange {

    /** The password that results, given the one stored now ({@code null} when none). */
    Secret applyTo(Secret stored);

    record Keep() implements PasswordChange {
        @Override
        public Secret applyTo(Secret stored) {
            return stored;
        }
    }

    record Clear() implements PasswordChange {
        @Override
        public Secret applyTo(Secret stored) {
            return null;
        }
    }

    record Replace(Secret password) implements PasswordChange {
        public Replace {
            Objects.requireNonNull(password, "password");
        }

        @Override
        public Secret applyTo(Secret stored) {
            return password;
        }
    }
}
