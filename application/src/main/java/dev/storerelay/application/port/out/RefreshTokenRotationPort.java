package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.UnitId;

/**
 * Keeps the refresh token a provider issued in place of the one it was given (rotation, RFC 6749 §6): the old one may
 * stop working at once, so the new one must survive a restart of the relay.
 */
public interface RefreshTokenRotationPort {

    /**
     * Stores {@code next} as the refresh token of {@code unit}'s OAuth 2.0 settings if they still hold
     * {@code previous}; does nothing when an admin has changed them meanwhile. Returns whether it stored it.
     */
    boolean rotated(UnitId unit, Secret previous, Secret next);
}
