package dev.storerelay.application.port.in;

import dev.storerelay.domain.model.UnitId;


/**
 * SMTP AUTH on the listener: relay credentials are bound to a unit (README, *Pointing a legacy system at it*, rule 1).
 */
public interface AuthenticateRelayClientUseCase {

    /**
     * Checks a user name and password sent from {@code clientAddress} (the address of the connection).
     * {@code Authenticated} with the unit whose relay credential it is; {@code Refused} for an unknown user name or a
     * wrong password, which take the same time; {@code Throttled}, without checking the password at all, while this
     * user name has failed too often from this address. Never throws for bad input (null, empty, very long).
     */
    AuthenticationResult<UnitId> authenticateRelayClient(String username, String password, String clientAddress);
}
