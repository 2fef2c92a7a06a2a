package dev.storerelay.application.port.in;

import dev.storerelay.domain.model.UnitId;

import java.util.Optional;

/** SMTP AUTH on the listener: relay credentials are bound to a unit (DESIGN §3 rule 1). */
public interface AuthenticateRelayClientUseCase {

    /**
     * The unit whose relay credential has this user name and password; empty for an unknown user name or a wrong
     * password, which take the same time. Never throws for bad input (null, empty, very long).
     */
    Optional<UnitId> authenticateRelayClient(String username, String password);
}
