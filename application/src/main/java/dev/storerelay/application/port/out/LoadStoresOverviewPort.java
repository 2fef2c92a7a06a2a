package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.AuthenticationMethod;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.StoreMail;
import dev.storerelay.domain.model.UnitId;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the stores overview reads besides the unit tree, each in one statement whatever the number of stores: the
 * units' own servers, the per-store summaries the writers of messages keep, and, for a page of stores only, their
 * oldest waiting mail.
 */
public interface LoadStoresOverviewPort {

    /** The units that set a connection block of their own; the others inherit it. */
    Map<UnitId, OwnServer> ownServers();

    /** Each store's mail with the messages that ended failed since {@code failedSince}; stores without mail are absent. */
    Map<UnitId, StoreMail> storeMail(Instant failedSince);

    /** When the oldest waiting (queued, deferred or held) message of each of {@code stores} came in; absent: none waits. */
    Map<UnitId, Instant> oldestWaiting(Set<UnitId> stores);

    /**
     * The part of a unit's own connection block the overview shows (never a secret).
     *
     * @param port  {@code null}: the conventional port of the encryption
     * @param login whether the block logs in (always with OAuth 2.0)
     */
    record OwnServer(String serverAddress, Integer port, SecureSocketOptions secureSocketOptions,
                     AuthenticationMethod authentication, boolean login) {
        public OwnServer {
            Objects.requireNonNull(serverAddress, "serverAddress");
            Objects.requireNonNull(secureSocketOptions, "secureSocketOptions");
            Objects.requireNonNull(authentication, "authentication");
        }
    }
}
