package dev.storerelay.bootstrap;

import dev.storerelay.adapter.web.WebConfig;

import java.util.List;
import java.util.Objects;

/**
 * The admin page and JSON API: where they listen, their session cookie, and the first admin's password.
 *
 * @param initialPassword {@code null}: generated and shown once at the first start
 */
record AdminWebSection(String bind, int port, boolean secureCookies, String initialPassword) {
    static final ConfigKey BIND = ConfigKey.of("STORE_RELAY_ADMIN_BIND", "127.0.0.1");
    static final ConfigKey PORT = ConfigKey.of("STORE_RELAY_ADMIN_PORT", "8080");
    static final ConfigKey SECURE_COOKIES = ConfigKey.of("STORE_RELAY_ADMIN_SECURE_COOKIES", "false");
    static final ConfigKey PASSWORD = ConfigKey.secret("STORE_RELAY_ADMIN_PASSWORD");
    static final List<ConfigKey> KEYS = List.of(BIND, PORT, PASSWORD, SECURE_COOKIES);

    AdminWebSection {
        Objects.requireNonNull(bind, "bind");
    }

    static AdminWebSection read(ConfigValues values) {
        int port = values.port(PORT);
        return new AdminWebSection(values.bind(BIND), port, values.flag(SECURE_COOKIES), values.text(PASSWORD));
    }

    WebConfig webConfig(IdentitySection identity) {
        return new WebConfig(bind, port, secureCookies, identity.defaultSender().value());
    }

    String describe() {
        return "admin " + bind + ":" + port + (secureCookies ? " (secure cookies)" : "")
                + ", admin password " + (initialPassword == null ? "generated at first start" : "configured (******)");
    }

    @Override
    public String toString() {
        return describe();
    }
}
