package dev.storerelay.application.port.in;

import dev.storerelay.domain.model.StoreMail;
import dev.storerelay.domain.model.StoreStatus;
import dev.storerelay.domain.model.UnitId;

import java.time.Instant;
import java.util.Objects;

/**
 * One store on the stores overview.
 *
 * @param since          when the status began, where known
 * @param server         {@code host:port} of the effective server; {@code null} without one
 * @param inheritedFrom  the unit above that sets the server; {@code null} when the store sets it, or none does
 * @param authentication how the relay logs in there; {@code null} without a server
 * @param oldestWaiting  when the oldest waiting message came in; {@code null} when none waits
 * @param advice         what to do about the status, where known
 */
public record StoreOverview(UnitId unitId, String name, StoreStatus status, Instant since, String server,
                            UnitId inheritedFrom, Login authentication, StoreMail mail, Instant oldestWaiting,
                            String advice) {
    public StoreOverview {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(mail, "mail");
    }

    public boolean inherited() {
        return inheritedFrom != null;
    }

    public StoreOverview withOldestWaiting(Instant oldest) {
        return new StoreOverview(unitId, name, status, since, server, inheritedFrom, authentication, mail, oldest, advice);
    }

    /** How the relay logs in to the store's server. */
    public enum Login {
        /** No login: the server takes mail without SMTP AUTH. */
        NONE,
        PASSWORD,
        OAUTH2
    }
}
