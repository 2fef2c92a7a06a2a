package dev.storerelay.application.port.out;

import java.util.Optional;

/**
 * Who is making the current change: the signed-in admin of the request being served, as the driving adapter knows
 * it. Empty for changes nobody asked for (the relay itself).
 */
public interface ActingUserPort {

    Optional<String> actingUser();
}
