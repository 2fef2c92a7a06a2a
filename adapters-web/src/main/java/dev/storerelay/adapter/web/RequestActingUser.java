package dev.storerelay.adapter.web;

import dev.storerelay.application.port.out.ActingUserPort;

import java.util.Optional;

/**
 * The signed-in admin of the request this thread serves, for the audit trail. Jetty runs each request on one thread
 * from start to end; the web server sets the user once the request is authorized and clears it when it is answered.
 */
public final class RequestActingUser implements ActingUserPort {
    private final ThreadLocal<String> current = new ThreadLocal<>();

    @Override
    public Optional<String> actingUser() {
        return Optional.ofNullable(current.get());
    }

    void set(String username) {
        current.set(username);
    }

    void clear() {
        current.remove();
    }
}
